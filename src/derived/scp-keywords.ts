import { isDomainName, isGuid } from '../util/names.js';

/** One thing wrong (or odd) in the SCP keywords. `fatal` problems stop a device from reading the tenant. */
export interface KeywordProblem {
  kind:
    | 'missing-id'
    | 'missing-name'
    | 'duplicate-id'
    | 'duplicate-name'
    | 'id-not-guid'
    | 'name-not-domain'
    | 'empty-value'
    | 'whitespace'
    | 'prefix-case'
    | 'unknown-keyword';
  fatal: boolean;
  keyword?: string;
  detail: string;
}

export interface ParsedScpKeywords {
  /** Tenant id when exactly one azureADId holds a GUID (lower-case), even if other keywords are wrong. */
  tenantId?: string;
  /** Tenant name when exactly one azureADName holds a domain name (lower-case). */
  tenantName?: string;
  idValues: string[];
  nameValues: string[];
  problems: KeywordProblem[];
}

const ID_PREFIX = 'azureADId:';
const NAME_PREFIX = 'azureADName:';

/** Splits `prefix:value` the way a device reads it: the prefix is case-sensitive. */
function classify(keyword: string): { prefix: 'id' | 'name' | null; exact: boolean; value: string } {
  const colon = keyword.indexOf(':');
  if (colon < 0) return { prefix: null, exact: false, value: keyword };
  const head = keyword.slice(0, colon + 1);
  const value = keyword.slice(colon + 1);
  const trimmedHead = head.trim();
  if (trimmedHead.toLowerCase() === ID_PREFIX.toLowerCase()) return { prefix: 'id', exact: head === ID_PREFIX, value };
  if (trimmedHead.toLowerCase() === NAME_PREFIX.toLowerCase()) return { prefix: 'name', exact: head === NAME_PREFIX, value };
  return { prefix: null, exact: false, value };
}

/**
 * Validates the SCP `keywords`: exactly one `azureADId:<GUID>` and exactly one `azureADName:<domain>`,
 * with the exact prefix spelling Windows looks for (it is case-sensitive), no stray whitespace.
 */
export function parseScpKeywords(keywords: readonly string[]): ParsedScpKeywords {
  const problems: KeywordProblem[] = [];
  const idValues: string[] = [];
  const nameValues: string[] = [];

  for (const keyword of keywords) {
    const { prefix, exact, value } = classify(keyword);
    if (prefix === null) {
      problems.push({ kind: 'unknown-keyword', fatal: false, keyword, detail: `keyword "${keyword}" is neither ${ID_PREFIX} nor ${NAME_PREFIX}` });
      continue;
    }
    const expected = prefix === 'id' ? ID_PREFIX : NAME_PREFIX;
    if (!exact) {
      problems.push({
        kind: 'prefix-case',
        fatal: true,
        keyword,
        detail: `"${keyword.slice(0, keyword.indexOf(':') + 1)}" must be spelled exactly "${expected}" (devices match it case-sensitively)`,
      });
    }
    if (value.trim() === '') {
      problems.push({ kind: 'empty-value', fatal: true, keyword, detail: `${expected} has an empty value` });
      continue;
    }
    if (value !== value.trim()) {
      problems.push({ kind: 'whitespace', fatal: true, keyword, detail: `${expected} value has leading or trailing whitespace` });
    }
    const clean = value.trim();
    if (prefix === 'id') {
      idValues.push(clean);
      if (!isGuid(clean)) problems.push({ kind: 'id-not-guid', fatal: true, keyword, detail: `${ID_PREFIX} value "${clean}" is not a GUID` });
    } else {
      nameValues.push(clean);
      if (!isDomainName(clean)) problems.push({ kind: 'name-not-domain', fatal: true, keyword, detail: `${NAME_PREFIX} value "${clean}" is not a domain name` });
    }
  }

  if (idValues.length === 0 && !problems.some((p) => p.kind === 'empty-value' && p.keyword?.toLowerCase().startsWith('azureadid'))) {
    problems.push({ kind: 'missing-id', fatal: true, detail: `no ${ID_PREFIX}<tenant GUID> keyword` });
  }
  if (nameValues.length === 0 && !problems.some((p) => p.kind === 'empty-value' && p.keyword?.toLowerCase().startsWith('azureadname'))) {
    problems.push({ kind: 'missing-name', fatal: true, detail: `no ${NAME_PREFIX}<verified domain> keyword` });
  }
  if (idValues.length > 1) {
    problems.push({ kind: 'duplicate-id', fatal: true, detail: `${idValues.length} ${ID_PREFIX} keywords (${idValues.join(', ')}); exactly one is allowed` });
  }
  if (nameValues.length > 1) {
    problems.push({ kind: 'duplicate-name', fatal: true, detail: `${nameValues.length} ${NAME_PREFIX} keywords (${nameValues.join(', ')}); exactly one is allowed` });
  }

  const result: ParsedScpKeywords = { idValues, nameValues, problems };
  const [id] = idValues;
  const [name] = nameValues;
  if (idValues.length === 1 && id !== undefined && isGuid(id)) result.tenantId = id.toLowerCase();
  if (nameValues.length === 1 && name !== undefined && isDomainName(name)) result.tenantName = name.toLowerCase();
  return result;
}
