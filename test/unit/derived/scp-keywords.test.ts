import { describe, expect, it } from 'vitest';
import { parseScpKeywords } from '../../../src/derived/scp-keywords.js';

const ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const kinds = (k: string[]) => parseScpKeywords(k).problems.map((p) => p.kind).sort();

describe('parseScpKeywords', () => {
  it('accepts exactly one id and one name', () => {
    const r = parseScpKeywords([`azureADName:contoso.com`, `azureADId:${ID}`]);
    expect(r.problems).toEqual([]);
    expect(r.tenantId).toBe(ID);
    expect(r.tenantName).toBe('contoso.com');
  });

  it('reports a missing name and a non-GUID id', () => {
    expect(kinds(['azureADId:not-a-guid'])).toEqual(['id-not-guid', 'missing-name']);
  });

  it('reports two id values even when both are GUIDs', () => {
    const r = parseScpKeywords([`azureADId:${ID}`, 'azureADId:11111111-2222-3333-4444-555555555555', 'azureADName:contoso.com']);
    expect(r.problems.map((p) => p.kind)).toEqual(['duplicate-id']);
    expect(r.tenantId).toBeUndefined();
  });

  it('flags a prefix whose letter case differs, as fatal', () => {
    const r = parseScpKeywords([`azureadid:${ID}`, 'azureADName:contoso.com']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ kind: 'prefix-case', fatal: true });
  });

  it('flags whitespace, empty values and unknown keywords', () => {
    expect(kinds([`azureADId: ${ID}`, 'azureADName:', 'foo=bar'])).toEqual(['empty-value', 'unknown-keyword', 'whitespace']);
    expect(parseScpKeywords(['foo', `azureADId:${ID}`, 'azureADName:contoso.com']).problems[0]?.fatal).toBe(false);
  });

  it('reports both keywords missing on an empty SCP', () => {
    expect(kinds([])).toEqual(['missing-id', 'missing-name']);
  });
});
