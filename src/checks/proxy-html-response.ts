import { classifyResponse, codesFor, CODE, predict } from '../derived/network/classify.js';
import { expectsJson } from '../derived/network/endpoints.js';
import { describeRoute, probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

export const proxyHtmlResponse: Check<'network'> = {
  meta: {
    id: 'proxy-html-response',
    title: 'JSON endpoints answer JSON, not an HTML page',
    description: 'DRS discovery, OpenID configuration and user realm answer JSON. An HTML page with HTTP 200 instead (a proxy sign-in page) makes the device fail with E_INVALIDDATA; an HTML error page with an error status (a block page) fails on that status.',
    severity: 'high',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.INVALIDDATA],
  },
  run({ network: net }) {
    const views = systemViews(net).filter((v) => expectsJson(v.request.role) && v.probe.response);
    if (views.length === 0) return [{ status: 'skip', message: 'No JSON request got an HTTP response (no tenant name, or every path failed earlier).' }];
    return views.map((v): CheckResult => {
      const r = classifyResponse(v.request, v.probe);
      const evidence = { ...probeEvidence(v), bodyExcerpt: v.probe.response?.bodyExcerpt.slice(0, 512) };
      const base = { ...subjectOf(v), evidence };
      if (r.kind === 'html' || r.kind === 'not-json') {
        const p = predict(codesFor(v.request, v.cloud, r.sub));
        return { ...base, evidence: { ...evidence, ...p.evidence }, status: 'fail', message: `${r.detail} (${describeRoute(v)}). A device would report ${p.text}.`, codes: p.codes, remedy: REMEDY['html'] as string };
      }
      if (r.kind === 'html-error') {
        // Not the documented E_INVALIDDATA case (that is a 200 sign-in page): the device fails on the status.
        const p = predict(codesFor(v.request, v.cloud, undefined));
        const said = p.codes.length ? ` A device would report ${p.text} (not ${CODE.INVALIDDATA}).` : '';
        const basis = `An HTTP ${v.probe.response?.status} error page: Microsoft ties ${CODE.INVALIDDATA} to a 200 sign-in page, and documents no sub-code for an error status.`;
        return { ...base, evidence: { ...evidence, ...p.evidence, basis }, status: 'fail', message: `${r.detail} (${describeRoute(v)}).${said}`, codes: p.codes, remedy: REMEDY['html-error'] as string };
      }
      return { ...base, status: 'pass', message: `${r.detail} (${describeRoute(v)}).` };
    });
  },
};
