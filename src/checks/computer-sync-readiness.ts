import type { ForestArtifact } from '../artifacts/types.js';
import type { ForestCounts } from '../derived/computers/aggregate.js';
import { domainName, judgeArtifacts } from '../derived/computers/inventory.js';
import type { Reason } from '../derived/computers/reasons.js';
import type { Check, CheckResult } from './types.js';

/** The code of a computer object that will not be synced (facts §6 0x801c03f2). */
const NOT_SYNCED = ['0x801c03f2'];
const MAX_OUS = 100;
const MAX_SAMPLES = 20;

function reasonList(byReason: ForestCounts['byReason']): string {
  return (Object.entries(byReason) as Array<[Reason, number]>).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
}

function readErrors(forest: ForestArtifact): string[] {
  const inv = forest.inventory;
  if (!inv) return [];
  return [...(inv.error ? [inv.error.message] : []), ...inv.domains.filter((d) => d.error).map((d) => `${domainName(d)}: ${d.error?.stage}: ${d.error?.message}${d.complete ? '' : ` (after ${d.count} computer(s))`}`)];
}

/** One forest's inventory → one finding: counts by verdict and reason, per OU (out-of-scope OUs first), samples of blocked computers. */
function judgeForest(forest: ForestArtifact): CheckResult {
  const base = { forest: forest.name, server: null };
  const inventory = forest.inventory;
  if (!inventory) return { ...base, status: 'skip', message: 'The computer inventory was not read (config `inventory` section; or run `haadj-preflight computers`).' };
  const blocked: Array<{ name: string | null; dn: string; reasons: Reason[] }> = [];
  const blockedCodes = new Set<string>();
  const judge = judgeArtifacts({ collectedAt: inventory.collectedAt, forests: [forest] }, { attentionLimit: 0 }, (v) => {
    if (v.verdict !== 'blocked') return;
    for (const c of v.codes) blockedCodes.add(c);
    if (blocked.length < MAX_SAMPLES) blocked.push({ name: v.name, dn: v.dn, reasons: v.reasons });
  });
  const counts = judge.summary().forests[0];
  const errors = readErrors(forest);
  if (!counts) return { ...base, status: 'error', message: `No computer could be read: ${errors.join('; ') || 'no domain was read'}.`, evidence: { errors } };
  const ous = [...counts.ous].sort((a, b) => Number(b.syncScope === 'out') - Number(a.syncScope === 'out')).slice(0, MAX_OUS);
  const outOfScope = counts.ous.filter((o) => o.syncScope === 'out').map((o) => `${o.ou} (${o.total})`);
  const v = counts.byVerdict;
  const evidence = { total: counts.total, byVerdict: v, byReason: counts.byReason, domains: counts.domains, ous, ousOmitted: counts.ous.length - ous.length, outOfScopeOus: outOfScope, blockedSamples: blocked, errors, collectedAt: inventory.collectedAt, staleDays: inventory.staleDays, syncScope: inventory.syncScope ?? null, source: 'facts §5 userCertificate, Supported OS; §6 userCertificate validity, 0x801c03f2' };
  const good = v.ready + v.joined + v.pending;
  const head = `${good} of ${counts.total - v.excluded} computer(s) ready, joined or pending (${v.excluded} disabled or stale, listed apart)`;
  const scopeNote = inventory.syncScope
    ? (outOfScope.length ? `; outside the sync scope: ${outOfScope.join(', ')}` : '')
    : '; the sync scope is not configured (forests[].syncScope), so it was not judged';
  if (v.blocked > 0) {
    const codes = NOT_SYNCED.filter((c) => blockedCodes.has(c));
    return { ...base, status: 'fail', message: `${head}; ${v.blocked} blocked (${reasonList(counts.byReason)})${scopeNote}${errors.length ? `; read errors: ${errors.join('; ')}` : ''}.`, codes, remedy: 'Run `haadj-preflight computers --format csv` for the list. Move computers into a synced OU (or add the OU to the Entra Connect OU filter); let devices renew a userCertificate with subject CN=<objectGUID> (delete expired or foreign values, keep at most 15); down-level Windows needs the down-level package; retire unsupported systems.', evidence };
  }
  if (errors.length) return { ...base, status: 'error', message: `${head}, but not every domain could be read: ${errors.join('; ')}.`, evidence };
  if (counts.total === 0) return { ...base, status: 'warn', message: 'No computer object was visible to the audit account: check its read access to the domain.', evidence };
  if (v['not-started'] > 0) return { ...base, status: 'warn', message: `${head}; ${v['not-started']} have not started their join (no userCertificate yet)${scopeNote}.`, remedy: 'Not-started devices write their certificate at the next sign-in once they find the SCP and reach the endpoints; see the forest\'s SCP and network findings.', evidence };
  return { ...base, status: 'pass', message: `${head}${scopeNote}.`, evidence };
}

export const computerSyncReadiness: Check<'forests'> = {
  meta: {
    id: 'computer-sync-readiness',
    title: 'Computer objects are ready to sync and join',
    description: 'Judges every computer object of the inventory (config `inventory`): supported OS, a userCertificate with subject CN=<objectGUID> valid at the read, inside the Entra Connect sync scope; counts by verdict, reason and OU.',
    severity: 'high',
    needs: ['forests'],
    codes: NOT_SYNCED,
  },
  run(artifacts): CheckResult[] {
    return artifacts.forests.map(judgeForest);
  },
};
