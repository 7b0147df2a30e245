import { isDomainName, isGuid } from '../util/names.js';
import { computed } from './computed.js';

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

/**
 * The rules a tenant value must meet, shared by the AD keywords and the client-side SCP registry
 * values: not empty, no leading or trailing whitespace, a GUID for the id, a domain name for the name.
 * `label` names the value in the details (`azureADId:`, `TenantId`).
 */
export function tenantValueProblems(which: 'id' | 'name', value: string, label: string): Array<{ kind: 'empty-value' | 'whitespace' | 'id-not-guid' | 'name-not-domain'; detail: string }> {
  if (value.trim() === '') return [{ kind: 'empty-value', detail: `${label} has an empty value` }];
  const out: Array<{ kind: 'empty-value' | 'whitespace' | 'id-not-guid' | 'name-not-domain'; detail: string }> = [];
  if (value !== value.trim()) out.push({ kind: 'whitespace', detail: `${label} value has leading or trailing whitespace` });
  const clean = value.trim();
  if (which === 'id' && !isGuid(clean)) out.push({ kind: 'id-not-guid', detail: `${label} value "${clean}" is not a GUID` });
  if (which === 'name' && !isDomainName(clean)) out.push({ kind: 'name-not-domain', detail: `${label} value "${clean}" is not a domain name` });
  return out;
}

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
 * A prefix that differs from the one Entra Connect writes. Whitespace around it breaks the match.
 * Letter case: only a third-party copy of Microsoft's support wiki says devices match the prefixes
 * case-sensitively (Microsoft's own pages also print `azureADid:`). The fix costs nothing and a
 * device that does match case-sensitively fails, so it stays fatal, with the doubt spelled out.
 */
function prefixProblem(keyword: string, expected: string): KeywordProblem {
  const head = keyword.slice(0, keyword.indexOf(':') + 1);
  if (head.trim() === expected) {
    return { kind: 'whitespace', fatal: true, keyword, detail: `"${head}" has whitespace around the prefix ${expected}` };
  }
  return {
    kind: 'prefix-case',
    fatal: true,
    keyword,
    detail: `"${head}" must be spelled exactly "${expected}" as Entra Connect writes it (Microsoft's support wiki, in a third-party copy, says devices match the prefixes case-sensitively; Microsoft's public pages are inconsistent)`,
  };
}

/**
 * Validates the SCP `keywords`: exactly one `azureADId:<GUID>` and exactly one `azureADName:<domain>`,
 * with the prefix spelling Entra Connect writes (see prefixProblem for the letter case), no stray whitespace.
 */
/** Parses an SCP's raw keywords (once per keyword list of the artifacts: several checks and the tenant plan ask). */
export const parseScpKeywords = computed('parseScpKeywords', (keywords: readonly string[]): ParsedScpKeywords => parseKeywords(keywords));

function parseKeywords(keywords: readonly string[]): ParsedScpKeywords {
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
    if (!exact) problems.push(prefixProblem(keyword, expected));
    const valueProblems = tenantValueProblems(prefix, value, expected);
    problems.push(...valueProblems.map((p) => ({ ...p, fatal: true, keyword })));
    if (valueProblems.some((p) => p.kind === 'empty-value')) continue;
    (prefix === 'id' ? idValues : nameValues).push(value.trim());
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
