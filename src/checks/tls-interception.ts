import { codesFor, CODE, predict } from '../derived/network/classify.js';
import { endpointKind } from '../derived/network/endpoints.js';
import { chainHasExpectedIssuer, leafIssuer } from '../derived/network/tls.js';
import { describeRoute, probeEvidence, subjectOf, systemViews, type ProbeView } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

/** What inspection breaks on this host, in words. */
function whatBreaks(v: ProbeView): string {
  const kind = endpointKind(v.cloud, v.request.host);
  if (kind === 'certauth') return 'this is a client-certificate registration endpoint; Microsoft warns that failing to exempt it may make device registration fail';
  if (kind === 'device-login' || kind === 'drs') return 'device (client-certificate) authentication through an inspecting proxy fails, so join and key registration break';
  return 'Microsoft asks that the Entra endpoints be exempt from TLS inspection';
}

export const tlsInterception: Check<'network'> = {
  meta: {
    id: 'tls-interception',
    title: 'No TLS inspection of the Entra endpoints',
    description: 'Compares the issuers of the certificate chain each endpoint presents (including the client-certificate host certauth.enterpriseregistration.*) with the expected public issuers (network.expectedIssuers, default Microsoft and DigiCert); another issuer means a proxy re-signs the traffic.',
    severity: 'high',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.SECURE_FAILURE],
  },
  run({ network: net }) {
    return [...systemViews(net, 'endpoint'), ...systemViews(net, 'certauth')].map((v): CheckResult => {
      const tls = v.probe.tls;
      const base = { ...subjectOf(v), evidence: { ...probeEvidence(v), chain: tls?.chain ?? [], expectedIssuers: net.expectedIssuers } };
      if (!tls || tls.chain.length === 0) return { ...base, status: 'skip', message: 'No certificate observed (the request stopped before TLS); see endpoint-reachable.' };
      if (chainHasExpectedIssuer(tls.chain, net.expectedIssuers)) {
        return { ...base, status: 'pass', message: `Certificate chain from an expected issuer (${leafIssuer(tls.chain)}).` };
      }
      const p = tls.authorized ? undefined : predict(codesFor(v.request, v.cloud, CODE.SECURE_FAILURE));
      const trust = p ? ` The inspecting CA is not trusted: a device would report ${p.text}.` : ' (The inspecting CA is trusted here, so discovery itself may still work.)';
      return {
        ...base,
        evidence: { ...base.evidence, ...(p?.evidence ?? {}) },
        status: 'fail',
        message: `TLS to ${v.request.host} is intercepted ${describeRoute(v)}: the certificate is issued by ${leafIssuer(tls.chain)}, not by ${net.expectedIssuers.join(' / ')}; ${whatBreaks(v)}.${trust}`,
        codes: p?.codes ?? [],
        remedy: `Exempt ${v.request.host} (and the other Entra registration endpoints, including certauth.enterpriseregistration.*) from TLS inspection on the proxy.`,
      };
    });
  },
};
