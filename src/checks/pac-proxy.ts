import { classifyTransport, codesFor, CODE, predict } from '../derived/network/classify.js';
import { probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';
import { machineAuthWarning } from './network-results.js';
import { probeFailureEvidence } from '../derived/failure-evidence.js';

export const pacProxy: Check<'network'> = {
  meta: {
    id: 'pac-proxy',
    title: 'PAC file sends each endpoint to a working route',
    description: 'Evaluates each PAC file (URL or path) in a sandbox for every endpoint and follows the route it returns: DIRECT or the named proxy must work.',
    severity: 'high',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.BAD_AUTO_PROXY_SCRIPT, CODE.UNABLE_TO_DOWNLOAD_SCRIPT, CODE.NAME_NOT_RESOLVED, CODE.CANNOT_CONNECT, CODE.TIMEOUT, CODE.CONNECTION_ABORTED, CODE.SECURE_FAILURE, CODE.PROXY_AUTH_REQ],
  },
  run({ network: net }) {
    const pacPaths = net.paths.filter((p) => p.kind === 'pac');
    if (pacPaths.length === 0) return [{ status: 'skip', message: 'No PAC file configured.' }];
    const results: CheckResult[] = [];
    for (const path of pacPaths) {
      const pac = net.pac.find((p) => p.pathId === path.id);
      if (!pac || !pac.load.ok) {
        const failure = pac && !pac.load.ok ? pac.load.failure : undefined;
        const error = failure ? probeFailureEvidence(failure) : undefined;
        const p = predict([CODE.UNABLE_TO_DOWNLOAD_SCRIPT]);
        results.push({ status: 'fail', proxy: path.label, endpoint: null, message: `The PAC file ${path.pacSource} cannot be loaded: ${error?.message ?? 'not loaded'}. WinHTTP would fail with ${p.text}.`, codes: p.codes, remedy: REMEDY['pac'] as string, evidence: { error, ...p.evidence } });
        continue;
      }
      const { contentType } = pac.load.value;
      const ctOk = !contentType || /application\/x-ns-proxy-autoconfig/i.test(contentType);
      for (const v of systemViews(net, 'endpoint').filter((x) => x.path.id === path.id)) {
        const base = { ...subjectOf(v), evidence: { ...probeEvidence(v), pacContentType: contentType } };
        const t = classifyTransport(v.probe);
        if (v.probe.pacResult === undefined) {
          const p = predict(codesFor(v.request, v.cloud, CODE.BAD_AUTO_PROXY_SCRIPT));
          results.push({ ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `The PAC gives no usable answer for ${v.request.host}: ${t.detail}.`, codes: p.codes, remedy: REMEDY['pac'] as string });
          continue;
        }
        if (t.kind === 'ok') {
          const note = ctOk ? '' : ` (served as ${contentType}; WinHTTP expects application/x-ns-proxy-autoconfig)`;
          results.push({ ...base, status: ctOk ? 'pass' : 'warn', message: `The PAC answers "${v.probe.pacResult}" for ${v.request.host}; that route works${note}.`, ...(ctOk ? {} : { remedy: 'Serve the PAC with Content-Type application/x-ns-proxy-autoconfig.' }) });
          continue;
        }
        if (t.kind === 'pac') {
          results.push({ ...base, status: 'error', message: `The PAC answers "${v.probe.pacResult}" for ${v.request.host}, which could not be probed: ${t.detail}.` });
          continue;
        }
        const p = predict(codesFor(v.request, v.cloud, t.sub));
        if (t.kind === 'proxy-auth-machine') {
          results.push({ ...machineAuthWarning(v, t.detail, p, `The PAC sends ${v.request.host} to "${v.probe.pacResult}"; the request`), evidence: { ...base.evidence, ...p.evidence } });
          continue;
        }
        results.push({ ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `The PAC sends ${v.request.host} to "${v.probe.pacResult}", and ${v.probe.route === 'direct' ? 'the direct route' : `the proxy ${v.probe.route}`} fails: ${t.detail}. A device would report ${p.text}.`, codes: p.codes, remedy: REMEDY[t.kind] ?? (REMEDY['pac'] as string) });
      }
    }
    return results;
  },
};
