import { parseScpKeywords } from '../derived/scp-keywords.js';
import { judgeStoredDescriptor } from '../derived/security-descriptor.js';
import { perObservedForest } from './helpers.js';
import type { Check } from './types.js';

function readDenied(sd: string | undefined, domainSid: string | undefined): boolean {
  if (!sd) return false;
  try {
    return judgeStoredDescriptor(sd, domainSid).verdict === 'denied';
  } catch {
    return false; // scp-read-access reports the malformed descriptor
  }
}

export const scpKeywords: Check<'forests'> = {
  meta: {
    id: 'scp-keywords',
    title: 'SCP keywords are well-formed',
    description: 'The SCP keywords must hold exactly one azureADId:<tenant GUID> and exactly one azureADName:<verified domain>, spelled with that exact letter case and without stray whitespace.',
    group: 'directory',
    severity: 'critical',
    needs: ['forests'],
    codes: ['0x801c001d'],
  },
  run(artifacts) {
    return perObservedForest(artifacts, (_forest, dc) => {
      if (!dc.scp) return { status: 'skip', message: 'No SCP to read (see scp-present).' };
      const parsed = parseScpKeywords(dc.scp.keywords);
      if (dc.scp.keywords.length === 0 && readDenied(dc.scp.securityDescriptor, dc.domainSid)) {
        return {
          status: 'fail',
          message: 'The SCP shows no keywords to the audit account because its DACL denies read to Authenticated Users (see scp-read-access); devices cannot read them either and fail with 0x801c001d.',
          codes: ['0x801c001d'],
          remedy: 'Remove the deny entry from the SCP\'s permissions, then re-run to validate the keywords.',
          evidence: { keywords: [] },
        };
      }
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
        return { status: 'warn', message: `The SCP keywords are usable but carry extras: ${parsed.problems.map((p) => p.detail).join('; ')}.`, remedy: 'Remove keywords devices do not use, to keep the SCP unambiguous.', evidence };
      }
      return { status: 'pass', message: `azureADId:${parsed.tenantId} and azureADName:${parsed.tenantName}.`, evidence };
    });
  },
};
