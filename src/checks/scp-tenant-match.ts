import { parseScpKeywords } from '../derived/scp-keywords.js';
import { perObservedForest } from './helpers.js';
import type { Check } from './types.js';

export const WRONG_TENANT_CODES = ['0x801c0021', '0x801c003a'];

export const scpTenantMatch: Check<'forests'> = {
  meta: {
    id: 'scp-tenant-match',
    title: 'SCP points at the intended tenant',
    description: 'Compares the SCP tenant id (and name) with the tenant given in the configuration.',
    severity: 'critical',
    needs: ['forests'],
    codes: WRONG_TENANT_CODES,
  },
  run(artifacts) {
    const tenant = artifacts.settings.tenant;
    return perObservedForest(artifacts, (forest, dc) => {
      if (!tenant?.id && !tenant?.name) return { status: 'skip', message: 'No tenant in the configuration to compare with.' };
      if (!dc.scp) return { status: 'skip', message: 'No SCP to compare (see scp-present).' };
      const parsed = parseScpKeywords(dc.scp.keywords);
      const evidence = { expected: tenant, scpTenantId: parsed.tenantId ?? null, scpTenantName: parsed.tenantName ?? null };
      if (tenant.id && parsed.tenantId && parsed.tenantId !== tenant.id && forest.clientSideScp) {
        return {
          status: 'warn',
          message: `The AD SCP names tenant ${parsed.tenantId}, not the intended ${tenant.id}. The forest is declared as using the client-side SCP, so only devices without the registry values read it; they would register in ${parsed.tenantId}.`,
          remedy: 'Accept it only if this forest deliberately serves two tenants; for a targeted rollout remove the AD SCP keywords.',
          evidence,
        };
      }
      if (tenant.id && parsed.tenantId && parsed.tenantId !== tenant.id) {
        return {
          status: 'fail',
          message: `The SCP names tenant ${parsed.tenantId}, not the intended ${tenant.id}. Devices would register in the other tenant, or fail discovery with 0x801c0021/0x801c003a (tenant not found).`,
          codes: WRONG_TENANT_CODES,
          remedy: `Set the SCP keyword to azureADId:${tenant.id} (and azureADName to a domain verified in that tenant).`,
          evidence,
        };
      }
      if (tenant.id && !parsed.tenantId) return { status: 'skip', message: 'The SCP has no single valid azureADId to compare (see scp-keywords).', evidence };
      if (tenant.name && parsed.tenantName && parsed.tenantName !== tenant.name) {
        return {
          status: 'warn',
          message: `The SCP names domain ${parsed.tenantName}, the configuration ${tenant.name}. That is fine only if ${parsed.tenantName} is verified in the same tenant.`,
          remedy: 'Confirm the domain is verified in the intended tenant (the network probes check its tenant id), or align the configuration.',
          evidence,
        };
      }
      return { status: 'pass', message: `The SCP points at the intended tenant${tenant.id ? ` ${tenant.id}` : ''}${parsed.tenantName ? ` (${parsed.tenantName})` : ''}.`, evidence };
    });
  },
};
