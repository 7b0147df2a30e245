import { referenceDc } from '../derived/forest-view.js';
import { parseScpKeywords } from '../derived/scp-keywords.js';
import { WRONG_TENANT_CODES } from './scp-tenant-match.js';
import type { Check, CheckResult } from './types.js';

export const scpTenantConsistent: Check<'forests'> = {
  meta: {
    id: 'scp-tenant-consistent',
    title: 'All forests point at one tenant',
    description: 'In a multi-forest rollout every forest needs its own SCP, and all of them must name the same tenant.',
    group: 'directory',
    severity: 'high',
    needs: ['forests'],
    codes: WRONG_TENANT_CODES,
  },
  run(artifacts): CheckResult[] {
    const byForest = new Map<string, string>();
    for (const forest of artifacts.forests) {
      const scp = referenceDc(forest)?.scp;
      const id = scp ? parseScpKeywords(scp.keywords).tenantId : undefined;
      if (id) byForest.set(forest.name, id);
    }
    const evidence = { tenants: Object.fromEntries(byForest) };
    if (byForest.size < 2) {
      return [{ status: 'skip', message: `Fewer than two forests with a readable SCP tenant (${byForest.size}); nothing to compare.`, evidence }];
    }
    const distinct = [...new Set(byForest.values())];
    if (distinct.length === 1) {
      return [{ status: 'pass', message: `All ${byForest.size} forests point at tenant ${distinct[0]}.`, evidence }];
    }
    const expected = artifacts.settings.tenant?.id;
    const list = [...byForest].map(([f, t]) => `${f} → ${t}`).join(', ');
    const odd = expected ? [...byForest].filter(([, t]) => t !== expected).map(([f]) => f) : [];
    return [
      {
        status: 'fail',
        message: `The forests point at ${distinct.length} different tenants: ${list}.${odd.length ? ` Off the intended tenant: ${odd.join(', ')}.` : ''} Devices of the odd forests register elsewhere or fail discovery (0x801c0021/0x801c003a).`,
        codes: WRONG_TENANT_CODES,
        remedy: 'Point every forest\'s SCP at the one intended tenant (azureADId and a domain verified in it).',
        evidence,
      },
    ];
  },
};
