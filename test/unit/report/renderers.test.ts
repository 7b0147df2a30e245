import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import type { CodeEntry } from '../../../src/codes/types.js';
import { evaluate } from '../../../src/engine/run.js';
import { renderHtml } from '../../../src/report/html.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderText } from '../../../src/report/text.js';
import { artifacts, dc, forest, scp, TENANT } from '../checks/build.js';

const PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const ANSI = '\u001b[2J\u001b[31mred';
const entry: CodeEntry = {
  hex: '0x801c001d', decimal: -2145648611, name: 'DSREG_AUTOJOIN_ADCONFIG_READ_FAILED', phase: 'discover',
  meaning: 'SCP unreadable', causes: ['no SCP'], remedy: 'create it', docUrl: 'https://learn.microsoft.com/x', source: 'microsoft',
};
const lookupCode = (hex: string) => (hex === entry.hex ? entry : undefined);

function hostileReport() {
  const keywords = [`azureADId:${TENANT}`, `azureADName:${PAYLOAD}${ANSI}`];
  return evaluate(artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: scp(keywords) })])]), CHECKS);
}

describe('renderers', () => {
  it('HTML escapes values read from AD and links codes to their explanation', () => {
    const html = renderHtml(hostileReport(), { lookupCode });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('href="#code-0x801c001d"');
    expect(html).toContain('id="code-0x801c001d"');
    expect(html).not.toMatch(/<link|<script|src="http/);
  });

  it('Markdown neutralises HTML and table breaks', () => {
    const md = renderMarkdown(hostileReport(), { lookupCode });
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>');
    expect(md).toContain('# Hybrid join preflight: NOT READY');
  });

  it('text output shows no raw control characters from AD values and no colour when asked not to', () => {
    const text = renderText(hostileReport(), { color: false, verbose: true, codeName: (h) => lookupCode(h)?.name ?? undefined });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\u001b[2J');
    expect(text).toContain('0x801c001d (DSREG_AUTOJOIN_ADCONFIG_READ_FAILED)');
    expect(text).toMatch(/NOT READY: \d+ pass, \d+ warn, [1-9]\d* fail/);
  });

  it('text output colours statuses on a terminal', () => {
    expect(renderText(hostileReport(), { color: true, verbose: false })).toContain('\u001b[31m');
  });
});

describe('text folding', () => {
  it('one cause on several endpoints of a path is one entry naming the others, unfolded with --verbose', async () => {
    const { foldRepeats } = await import('../../../src/report/text.js');
    const base = { status: 'fail' as const, title: 't', message: 'm', forest: null, server: null, proxy: 'http://p:8080', codes: ['0x801c0021', '0x80190197'], remedy: 'fix it', evidence: {} };
    const findings = [
      { ...base, check: 'proxy-auth', endpoint: 'https://a/' },
      { ...base, check: 'proxy-auth', endpoint: 'https://b/', codes: ['0x801c003d', '0x80190197'] },
      { ...base, check: 'proxy-auth', endpoint: 'https://c/', remedy: 'another fix' },
      { ...base, check: 'tls-verify', endpoint: 'https://a/' },
    ];
    expect(foldRepeats(findings).map((e) => e.map((f) => `${f.check}:${f.endpoint}`))).toEqual([
      ['proxy-auth:https://a/', 'proxy-auth:https://b/'],
      ['proxy-auth:https://c/'],
      ['tls-verify:https://a/'],
    ]);
    const report = { schemaVersion: 1 as const, tool: { name: 'haadj-preflight', version: 'x' }, startedAt: 'now', durationMs: 0, summary: { pass: 0, warn: 0, fail: 4, error: 0, skip: 0, ready: false }, findings };
    const folded = renderText(report, { color: false, verbose: false });
    expect(folded).toContain('also:  https://b/ (same cause)');
    expect(folded).toContain('codes: 0x801c0021/0x80190197; 0x801c003d/0x80190197');
    expect(renderText(report, { color: false, verbose: true })).not.toContain('also:');
  });
});

describe('markdown escaping', () => {
  it('blanks control characters and bidi overrides', async () => {
    const { mdEscape } = await import('../../../src/report/markdown.js');
    expect(mdEscape('a\u202eb\u2066c\u0007d\u009be')).toBe('a b c d e');
  });
});
