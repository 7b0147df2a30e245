import { CODE } from '../derived/network/classify.js';
import { endpointKind } from '../derived/network/endpoints.js';
import { chainHasExpectedIssuer, leafIssuer } from '../derived/network/tls.js';
import { describeRoute, probeEvidence, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

export const tlsInterception: Check<'network'> = {
  meta: {
    id: 'tls-interception',
    title: 'No TLS inspection of the Entra endpoints',
    description: 'Compares the issuers of the certificate chain each endpoint presents with the expected public issuers (network.expectedIssuers, default Microsoft and DigiCert); another issuer means a proxy re-signs the traffic.',
    group: 'network',
    severity: 'high',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.SECURE_FAILURE],
  },
  run(artifacts) {
    const net = artifacts.network;
    return systemViews(net, 'endpoint').map((v): CheckResult => {
      const tls = v.probe.tls;
      const base = { ...subjectOf(v), evidence: { ...probeEvidence(v), chain: tls?.chain ?? [], expectedIssuers: net.expectedIssuers } };
      if (!tls || tls.chain.length === 0) return { ...base, status: 'skip', message: 'No certificate observed (the request stopped before TLS); see endpoint-reachable.' };
      if (chainHasExpectedIssuer(tls.chain, net.expectedIssuers)) {
        return { ...base, status: 'pass', message: `Certificate chain from an expected issuer (${leafIssuer(tls.chain)}).` };
      }
      const kind = endpointKind(v.cloud, v.request.host);
      const breaks =
        kind === 'device-login' || kind === 'drs'
          ? 'device (client-certificate) authentication through an inspecting proxy fails, so join and key registration break'
          : 'Microsoft asks that the Entra endpoints be exempt from TLS inspection';
      const codes = tls.authorized ? [] : [CODE.SECURE_FAILURE];
      return {
        ...base,
        status: 'fail',
        message: `TLS to ${v.request.host} is intercepted ${describeRoute(v)}: the certificate is issued by ${leafIssuer(tls.chain)}, not by ${net.expectedIssuers.join(' / ')}; ${breaks}.${tls.authorized ? ' (The inspecting CA is trusted here, so discovery itself may still work.)' : ` The inspecting CA is not trusted: a device would report ${CODE.SECURE_FAILURE}.`}`,
        codes,
        remedy: `Exempt ${v.request.host} (and the other Entra registration endpoints, including certauth.enterpriseregistration.*) from TLS inspection on the proxy.`,
      };
    });
  },
};
