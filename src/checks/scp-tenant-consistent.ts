import type { ForestArtifact } from '../artifacts/types.js';
import { declaredClientSideScp, referenceDc } from '../derived/forest-view.js';
import { parseScpKeywords } from '../derived/scp-keywords.js';
import { WRONG_TENANT_CODES } from './scp-tenant-match.js';
import type { Check, CheckResult } from './types.js';

/** The tenant a forest's devices are steered to: the registry's when the client-side SCP is declared, else the AD SCP's. */
function forestTenants(forest: ForestArtifact): { main?: string; adTenant?: string; source: 'client-side SCP' | 'AD SCP' } {
  const scp = referenceDc(forest)?.scp;
  const adTenant = scp ? parseScpKeywords(scp.keywords).tenantId : undefined;
  const clientSide = declaredClientSideScp(forest);
  if (clientSide) return { main: clientSide.tenantId, adTenant, source: 'client-side SCP' };
  return { main: adTenant, source: 'AD SCP' };
}

export const scpTenantConsistent: Check<'forests'> = {
  meta: {
    id: 'scp-tenant-consistent',
    title: 'All forests point at one tenant',
    description: 'In a multi-forest rollout every forest needs its own SCP, and all of them must name the same tenant; a forest declared as using the client-side SCP counts with its registry tenant.',
    severity: 'high',
    needs: ['forests'],
    codes: WRONG_TENANT_CODES,
  },
  run(artifacts): CheckResult[] {
    const byForest = new Map<string, string>();
    const split: string[] = [];
    for (const forest of artifacts.forests) {
      const t = forestTenants(forest);
      if (t.main) byForest.set(forest.name, t.main);
      if (t.main && t.adTenant && t.adTenant !== t.main) split.push(`${forest.name} serves two tenants (registry ${t.main}, AD SCP ${t.adTenant}), accepted because its client-side SCP is declared: devices with the registry values join ${t.main}, the others ${t.adTenant}`);
    }
    const note = split.length > 0 ? ` ${split.join('; ')}.` : '';
    const evidence = { tenants: Object.fromEntries(byForest), ...(split.length ? { twoTenantForests: split } : {}) };
    if (byForest.size < 2) {
      return [{ status: 'skip', message: `Fewer than two forests with a readable tenant (${byForest.size}); nothing to compare.${note}`, evidence }];
    }
    const distinct = [...new Set(byForest.values())];
    if (distinct.length === 1) {
      return [{ status: 'pass', message: `All ${byForest.size} forests point at tenant ${distinct[0]}.${note}`, evidence }];
    }
    const expected = artifacts.settings.tenant?.id;
    const list = [...byForest].map(([f, t]) => `${f} → ${t}`).join(', ');
    const odd = expected ? [...byForest].filter(([, t]) => t !== expected).map(([f]) => f) : [];
    return [
      {
        status: 'fail',
        message: `The forests point at ${distinct.length} different tenants: ${list}.${odd.length ? ` Off the intended tenant: ${odd.join(', ')}.` : ''} Devices of the odd forests register elsewhere or fail discovery (0x801c0021/0x801c003a).${note}`,
        codes: WRONG_TENANT_CODES,
        remedy: 'Point every forest\'s SCP (or client-side SCP) at the one intended tenant (tenant id and a domain verified in it).',
        evidence,
      },
    ];
  },
};
