import { classifyTransport, codesFor, CODE } from '../derived/network/classify.js';
import { credentialedTwin, probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

export const proxyAuth: Check<'network'> = {
  meta: {
    id: 'proxy-auth',
    title: 'Proxy lets SYSTEM through without authentication',
    description: 'A device registers as SYSTEM and cannot answer a proxy authentication challenge (407). Probes each proxy without credentials and, when credentials are configured, with them too, to tell "needs auth" from "blocked".',
    group: 'network',
    severity: 'critical',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.PROXY_AUTH_REQ],
  },
  run(artifacts) {
    const net = artifacts.network;
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
      const base = { ...subjectOf(v), evidence };
      if (t.kind === 'proxy-auth') {
        const codes = codesFor(v.request, v.cloud, t.sub);
        const withCreds = twin
          ? classifyTransport(twin.probe).kind === 'ok'
            ? ' With the configured credentials the proxy lets the request through, but a device in SYSTEM context has none to give.'
            : ' Even with the configured credentials the request failed.'
          : '';
        return { ...base, status: 'fail', message: `The proxy ${v.probe.route} demands authentication (407) for ${v.request.host}; SYSTEM cannot answer it.${withCreds} A device would report ${codes.join('/')}.`, codes, remedy: REMEDY['proxy-auth'] as string };
      }
      const status = v.probe.proxyResponse?.status;
      if (status !== undefined && status >= 200 && status < 300) {
        return { ...base, status: 'pass', message: `The proxy ${v.probe.route} accepted CONNECT to ${v.request.host} without credentials.` };
      }
      return { ...base, status: 'skip', message: `No authentication challenge observed: ${t.detail}; see endpoint-reachable.` };
    });
  },
};
