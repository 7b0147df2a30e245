import { classifyTransport, codesFor, CODE, predict, type TransportVerdict } from '../derived/network/classify.js';
import { credentialedTwin, probeEvidence, REMEDY, subjectOf, systemViews, type ProbeView } from '../derived/network/view.js';
import type { NetworkArtifact } from '../artifacts/network.js';
import type { Check, CheckResult } from './types.js';

/** What the configured credentials showed, for the message. */
function twinNote(net: NetworkArtifact, v: ProbeView): string {
  const twin = credentialedTwin(net, v);
  if (!twin) return '';
  return classifyTransport(twin.probe).kind === 'ok'
    ? ' With the configured credentials the proxy lets the request through, but a device in SYSTEM context has none to give.'
    : ' Even with the configured credentials the request failed.';
}

/** A 407: fail when SYSTEM cannot answer the challenge, warn when it offers machine-account schemes. */
function judge407(net: NetworkArtifact, v: ProbeView, t: TransportVerdict, evidence: Record<string, unknown>): CheckResult {
  const p = predict(codesFor(v.request, v.cloud, t.sub));
  const schemes = t.schemes ?? [];
  const base = { ...subjectOf(v), evidence: { ...evidence, ...p.evidence, schemes }, codes: p.codes };
  const offered = schemes.length ? schemes.join(', ') : 'no scheme';
  if (t.kind === 'proxy-auth-machine') {
    return {
      ...base,
      status: 'warn',
      message: `The proxy ${v.probe.route} demands authentication (407) for ${v.request.host} and offers ${offered}: a device answers that as SYSTEM with its computer account, so it works only if the proxy accepts computer accounts. If it does not, a device would report ${p.text}.`,
      remedy: REMEDY['proxy-auth-machine'] as string,
    };
  }
  return {
    ...base,
    status: 'fail',
    message: `The proxy ${v.probe.route} demands authentication (407) for ${v.request.host} and offers ${offered}; SYSTEM has no password to give.${twinNote(net, v)} A device would report ${p.text}.`,
    remedy: REMEDY['proxy-auth'] as string,
  };
}

export const proxyAuth: Check<'network'> = {
  meta: {
    id: 'proxy-auth',
    title: 'Proxy lets SYSTEM through without authentication',
    description: 'A device registers as SYSTEM: it can answer a proxy challenge (407) only with its computer account (Negotiate/NTLM), never with a password (Basic/Digest). Probes each proxy without credentials, reads the offered schemes, and, when credentials are configured, probes with them too, to tell "needs auth" from "blocked".',
    severity: 'critical',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.PROXY_AUTH_REQ],
  },
  run({ network: net }) {
    const views = systemViews(net, 'endpoint').filter((v) => v.probe.route !== 'direct' && v.probe.route !== 'none');
    if (views.length === 0) return [{ status: 'skip', message: 'No request went through a proxy.' }];
    return views.map((v): CheckResult => {
      const t = classifyTransport(v.probe);
      const evidence = probeEvidence(v);
      const twin = credentialedTwin(net, v);
      if (twin) {
        const tt = classifyTransport(twin.probe);
        evidence['withCredentials'] = { proxyStatus: twin.probe.proxyResponse?.status, outcome: tt.kind, detail: tt.detail };
      }
      if (t.kind === 'proxy-auth' || t.kind === 'proxy-auth-machine') return judge407(net, v, t, evidence);
      const base = { ...subjectOf(v), evidence };
      const status = v.probe.proxyResponse?.status;
      if (status !== undefined && status >= 200 && status < 300) {
        return { ...base, status: 'pass', message: `The proxy ${v.probe.route} accepted CONNECT to ${v.request.host} without credentials.` };
      }
      return { ...base, status: 'skip', message: `No authentication challenge observed: ${t.detail}; see endpoint-reachable.` };
    });
  },
};
