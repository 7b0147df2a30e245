import { CDJ_AAD_KEY, compareWithTenant } from '../derived/client-side-scp.js';
import { declaredClientSideScp } from '../derived/forest-view.js';
import { WRONG_TENANT_CODES } from './scp-tenant-match.js';
import type { Check, CheckResult } from './types.js';

/** A device whose registry values are unusable falls back to AD, which a targeted rollout emptied. */
const UNUSABLE_CODES = ['0x801c001d'];

export const scpClientSide: Check<'forests'> = {
  meta: {
    id: 'scp-client-side',
    title: 'Client-side SCP registry values are right',
    description: 'For a forest declared as using the client-side SCP (targeted rollout), validates the exported HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD values TenantId and TenantName with the rules of the AD keywords and compares them with the configured tenant.',
    severity: 'critical',
    needs: ['forests'],
    codes: [...UNUSABLE_CODES, ...WRONG_TENANT_CODES],
  },
  run(artifacts): CheckResult[] {
    return artifacts.forests.map((forest): CheckResult => {
      const base = { forest: forest.name, server: null };
      const scp = declaredClientSideScp(forest);
      if (!scp) return { ...base, status: 'skip', message: 'No client-side SCP is declared for this forest (forests[].clientSideScp); devices read the AD SCP.' };
      const evidence = { regFile: scp.regFile, format: scp.format, keyFound: scp.keyFound, values: scp.values, otherValues: scp.otherValues, problems: scp.problems };
      const fatal = scp.problems.filter((p) => p.fatal);
      if (fatal.length > 0) {
        return {
          ...base,
          status: 'fail',
          message: `The client-side SCP in ${scp.regFile} is not usable: ${fatal.map((p) => p.detail).join('; ')}. Devices given it cannot take their tenant from the registry and fall back to the AD SCP (inferred: 0x801c001d where the AD SCP has no keywords).`,
          codes: UNUSABLE_CODES,
          remedy: `Deploy ${CDJ_AAD_KEY} with REG_SZ TenantId = <tenant GUID> and TenantName = <verified domain> (Group Policy Preferences → Registry), then export it again with reg export.`,
          evidence: { ...evidence, codeSource: 'inferred' },
        };
      }
      const comparison = compareWithTenant(scp, artifacts.settings.tenant);
      const values = `TenantId ${scp.tenantId} and TenantName ${scp.tenantName}`;
      if (comparison.status === 'fail') {
        return {
          ...base,
          status: 'fail',
          message: `The client-side SCP's ${comparison.detail}. Devices with these registry values would register in the other tenant, or fail discovery (0x801c0021/0x801c003a).`,
          codes: WRONG_TENANT_CODES,
          remedy: `Set TenantId under ${CDJ_AAD_KEY} to ${artifacts.settings.tenant?.id ?? 'the intended tenant id'} in the policy that deploys it.`,
          evidence: { ...evidence, comparison },
        };
      }
      const minor = scp.problems.filter((p) => !p.fatal).map((p) => p.detail);
      if (comparison.status === 'warn' || minor.length > 0) {
        const why = [...(comparison.status === 'warn' ? [comparison.detail] : []), ...minor].join('; ');
        return { ...base, status: 'warn', message: `The client-side SCP gives ${values}, but: ${why}.`, remedy: 'Align the registry values with the configured tenant, written as REG_SZ.', evidence: { ...evidence, comparison } };
      }
      const compared = comparison.status === 'pass' ? `, the intended tenant` : ` (${comparison.detail})`;
      return { ...base, status: 'pass', message: `Devices with the client-side SCP use ${values}${compared}; they do not read the AD SCP.`, evidence: { ...evidence, comparison } };
    });
  },
};
