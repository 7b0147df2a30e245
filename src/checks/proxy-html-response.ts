import { classifyResponse, codesFor, CODE } from '../derived/network/classify.js';
import { expectsJson } from '../derived/network/endpoints.js';
import { describeRoute, probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

export const proxyHtmlResponse: Check<'network'> = {
  meta: {
    id: 'proxy-html-response',
    title: 'JSON endpoints answer JSON, not an HTML page',
    description: 'DRS discovery, OpenID configuration and user realm answer JSON; an HTML page instead (a proxy login or block page) makes the device fail with E_INVALIDDATA.',
    group: 'network',
    severity: 'high',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.INVALIDDATA],
  },
  run(artifacts) {
    const net = artifacts.network;
    const views = systemViews(net).filter((v) => expectsJson(v.request.role) && v.probe.response);
    if (views.length === 0) return [{ status: 'skip', message: 'No JSON request got an HTTP response (no tenant name, or every path failed earlier).' }];
    return views.map((v): CheckResult => {
      const r = classifyResponse(v.request, v.probe);
      const evidence = { ...probeEvidence(v), bodyExcerpt: v.probe.response?.bodyExcerpt.slice(0, 512) };
      const base = { ...subjectOf(v), evidence };
      if (r.kind === 'html' || r.kind === 'not-json') {
        const codes = codesFor(v.request, v.cloud, r.sub);
        return { ...base, status: 'fail', message: `${r.detail} (${describeRoute(v)}). A device would report ${codes.join('/')}.`, codes, remedy: REMEDY['html'] as string };
      }
      return { ...base, status: 'pass', message: `${r.detail} (${describeRoute(v)}).` };
    });
  },
};
