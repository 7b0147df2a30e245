import type { ForestArtifact } from '../artifacts/types.js';
import { forestDomains, type ObservedDc } from '../derived/forest-view.js';
import { parseScpKeywords, type ParsedScpKeywords } from '../derived/scp-keywords.js';
import { judgeStoredDescriptor } from '../derived/security-descriptor.js';
import { perObservedForest } from './helpers.js';
import type { Check, CheckResult } from './types.js';

function readDenied(dc: ObservedDc): boolean {
  if (!dc.scp?.securityDescriptor) return false;
  try {
    return judgeStoredDescriptor(dc.scp.securityDescriptor, forestDomains(dc)).verdict === 'denied';
  } catch {
    return false; // scp-read-access reports the malformed descriptor
  }
}

function describeTenant(parsed: ParsedScpKeywords): string {
  if (parsed.tenantId) return `tenant ${parsed.tenantId}${parsed.tenantName ? ` (${parsed.tenantName})` : ''}`;
  return `no usable tenant (${parsed.problems.filter((p) => p.fatal).map((p) => p.detail).join('; ')})`;
}

/** Targeted rollout: the registry gives the tenant; keywords left in AD still steer every other device. */
function judgeWithClientSide(forest: ForestArtifact, keywords: string[], parsed: ParsedScpKeywords): CheckResult {
  const regFile = forest.clientSideScp?.regFile ?? '';
  const evidence = { keywords, problems: parsed.problems, clientSideScp: regFile };
  if (keywords.length === 0) {
    return { status: 'pass', message: `The AD SCP has no keywords, as Microsoft advises for a targeted rollout: only devices with the client-side SCP registry values (${regFile}) join.`, evidence };
  }
  return {
    status: 'warn',
    message: `The forest is declared as using the client-side SCP, but the AD SCP still has keywords naming ${describeTenant(parsed)}: devices without the registry values still read them and act on them.`,
    remedy: 'For a targeted rollout Microsoft says to remove the keywords from the AD SCP (ADSI Edit → the SCP → keywords → remove both values), so only devices with the registry values join.',
    evidence,
  };
}

export const scpKeywords: Check<'forests'> = {
  meta: {
    id: 'scp-keywords',
    title: 'SCP keywords are well-formed',
    description: 'The SCP keywords must hold exactly one azureADId:<tenant GUID> and exactly one azureADName:<verified domain>, spelled as Entra Connect writes them and without stray whitespace. In a forest declared as using the client-side SCP the keywords should be gone.',
    severity: 'critical',
    needs: ['forests'],
    codes: ['0x801c001d'],
  },
  run(artifacts) {
    return perObservedForest(artifacts, (forest, dc) => {
      if (!dc.scp) return { status: 'skip', message: 'No SCP to read (see scp-present).' };
      const parsed = parseScpKeywords(dc.scp.keywords);
      if (dc.scp.keywords.length === 0 && readDenied(dc)) {
        if (forest.clientSideScp) return { status: 'skip', message: 'The SCP\'s keywords are not readable (see scp-read-access); devices with the client-side SCP do not read them.' };
        return {
          status: 'fail',
          message: 'The SCP shows no keywords to the audit account because its DACL denies read to computers (see scp-read-access); devices cannot read them either and fail with 0x801c001d.',
          codes: ['0x801c001d'],
          remedy: 'Remove the deny entry from the SCP\'s permissions, then re-run to validate the keywords.',
          evidence: { keywords: [] },
        };
      }
      if (forest.clientSideScp) return judgeWithClientSide(forest, dc.scp.keywords, parsed);
      const evidence = { keywords: dc.scp.keywords, problems: parsed.problems };
      const fatal = parsed.problems.filter((p) => p.fatal);
      if (fatal.length > 0) {
        return {
          status: 'fail',
          message: `The SCP keywords are not usable: ${fatal.map((p) => p.detail).join('; ')}. Devices cannot read their tenant from it and fail discovery with 0x801c001d.`,
          codes: ['0x801c001d'],
          remedy: 'Set keywords to exactly two values, "azureADId:<tenant GUID>" and "azureADName:<verified domain>" (ADSI Edit, Set-ADObject -Replace, or re-run the hybrid join configuration in Entra Connect).',
          evidence,
        };
      }
      if (parsed.problems.length > 0) {
        return {
          status: 'warn',
          message: `The SCP keywords name tenant ${parsed.tenantId}, with remarks: ${parsed.problems.map((p) => p.detail).join('; ')}.`,
          remedy: 'Spell the prefixes exactly azureADId: and azureADName: (as Entra Connect writes them) and remove keywords devices do not use.',
          evidence,
        };
      }
      return { status: 'pass', message: `azureADId:${parsed.tenantId} and azureADName:${parsed.tenantName}.`, evidence };
    });
  },
};
