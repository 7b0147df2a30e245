import { describe, expect, it } from 'vitest';
import { decodeDsregcmdBytes } from '../../../src/derived/dsregcmd/decode.js';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import { fullSample, loadSampleBlocks } from './samples.js';

const FULL = fullSample();
const BASE = parseDsregcmdStatus(FULL);
const STATUS_BLOCKS = loadSampleBlocks().filter((b) => !/NOT (dsregcmd )?\/status/.test(b.header));

function withoutWarnings<T extends { warnings?: string[] }>(r: T): Omit<T, 'warnings'> {
  const { warnings: _w, ...rest } = r;
  return rest;
}

describe('parser robustness (variants built from a full real output)', () => {
  it('the base sample is a complete failing hybrid-join attempt', () => {
    expect(BASE).toMatchObject({ joinState: 'domain-joined', errorPhase: 'discover', clientErrorCode: '0x801c001d', context: 'system' });
    expect(BASE.warnings).toBeUndefined();
  });

  it('reads CRLF and bare CR line endings the same way', () => {
    expect(parseDsregcmdStatus(FULL.replace(/\n/g, '\r\n'))).toEqual(BASE);
    expect(parseDsregcmdStatus(FULL.replace(/\n/g, '\r'))).toEqual(BASE);
  });

  it('reads every sample the same with CRLF endings', () => {
    for (const b of STATUS_BLOCKS) expect(parseDsregcmdStatus(b.text.replace(/\n/g, '\r\n'))).toEqual(parseDsregcmdStatus(b.text));
  });

  it('reads a UTF-16LE buffer with BOM (what PowerShell 5 redirection writes)', () => {
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FULL.replace(/\n/g, '\r\n'), 'utf16le')]);
    const text = decodeDsregcmdBytes(buf);
    expect(text).toBe(FULL.replace(/\n/g, '\r\n'));
    expect(parseDsregcmdStatus(text)).toEqual(BASE);
  });

  it('reads a blank line pasted between every line, including the wrapped value', () => {
    const doubled = FULL.split('\n').join('\n\n');
    expect(withoutWarnings(parseDsregcmdStatus(doubled))).toEqual(withoutWarnings(BASE));
    const doubledCrlf = FULL.split('\n').join('\r\n\r\n');
    expect(withoutWarnings(parseDsregcmdStatus(doubledCrlf))).toEqual(withoutWarnings(BASE));
  });

  it('ignores a leading prompt line in its usual spellings', () => {
    for (const prompt of ['C:\\>dsregcmd /status', 'C:\\&gt; dsregcmd /status', 'PS C:\\WINDOWS\\system32> dsregcmd /status', '*Evil-WinRM* PS C:\\Users\\x\\Documents> dsregcmd.exe /status']) {
      const r = parseDsregcmdStatus(`${prompt}\n\n${FULL}`);
      expect(r).toEqual(BASE);
    }
  });

  it('ignores trailing spaces and tabs', () => {
    const padded = FULL.split('\n').map((l, i) => l + (i % 2 ? '   ' : '\t ')).join('\n');
    expect(parseDsregcmdStatus(padded)).toEqual(BASE);
  });

  it('ignores varying indentation of field lines', () => {
    const shifted = FULL.split('\n')
      .map((l, i) => (/^\s+\S.* :/.test(l) ? ' '.repeat(i % 5) + l.trimStart() : l))
      .join('\n');
    expect(parseDsregcmdStatus(shifted)).toEqual(BASE);
  });

  it('reads fully left-aligned pastes without gluing fields to long values', () => {
    const joinFailure = STATUS_BLOCKS.find((b) => b.header.includes('pre-join diagnostics output", 2nd'))?.text ?? '';
    const left = joinFailure.split('\n').map((l) => l.trimStart()).join('\n');
    const r = parseDsregcmdStatus(left);
    expect(r.sections['Diagnostic Data']?.['Server Message']).toBe("The device object by the given id (aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb) isn't found.");
    expect(r.sections['Diagnostic Data']?.['Https Status']).toBe(400);
  });

  it('treats space-only separator lines as blank', () => {
    const spaced = FULL.split('\n').map((l) => (l.trim() === '' ? ' '.repeat(7) : l)).join('\n');
    expect(parseDsregcmdStatus(spaced)).toEqual(BASE);
  });

  it('joins a hard-wrapped long value', () => {
    expect(BASE.sections['URL Specific Proxy Config']?.['Auto Detect PAC Status']).toMatch(/script using WPAD\. code: 0x80072f94$/);
  });

  it('survives truncation at line boundaries and keeps what it saw', () => {
    const lines = FULL.split('\n');
    for (let n = 0; n <= lines.length; n++) {
      const r = parseDsregcmdStatus(lines.slice(0, n).join('\n'));
      expect([BASE.joinState, 'unknown', 'workgroup']).toContain(r.joinState);
      expect([BASE.errorPhase, null]).toContain(r.errorPhase);
      expect([BASE.clientErrorCode, null]).toContain(r.clientErrorCode);
      for (const [title, fields] of Object.entries(r.sections)) {
        for (const [name, value] of Object.entries(fields)) {
          const full = BASE.sections[title]?.[name];
          if (name === 'Auto Detect PAC Status' && typeof value === 'string') expect(String(full).startsWith(value)).toBe(true);
          else expect(value, `${title}/${name} at ${n} lines`).toEqual(full);
        }
      }
    }
  });

  it('never throws when cut at any character', () => {
    for (let cut = 0; cut <= FULL.length; cut += 7) {
      const r = parseDsregcmdStatus(FULL.slice(0, cut));
      expect([BASE.joinState, 'unknown', 'workgroup']).toContain(r.joinState);
      expect([BASE.errorPhase, null]).toContain(r.errorPhase);
    }
  });

  it('says so when it finds nothing', () => {
    for (const text of ['', '   \n\n  ', 'hello world', '+------+\n|  |\n+------+']) {
      const r = parseDsregcmdStatus(text);
      expect(r.joinState).toBe('unknown');
      expect(r.layout).toBe('unknown');
      expect(r.warnings?.[0]).toMatch(/no dsregcmd \/status fields/);
    }
  });

  it('puts fields printed without any section header under Device State', () => {
    const r = parseDsregcmdStatus('AzureAdJoined : YES\nEnterpriseJoined : NO\nDomainJoined : YES\nDomainName : CONTOSO\n');
    expect(r.joinState).toBe('hybrid-joined');
    expect(Object.keys(r.sections)).toEqual(['Device State']);
  });

  it('keeps hostile names as plain keys', () => {
    const r = parseDsregcmdStatus('| __proto__ |\n constructor : x\n toString : YES\n');
    expect(Object.keys(r.sections)).toEqual(['__proto__']);
    expect(r.sections['__proto__']?.['constructor']).toBe('x');
    expect(JSON.parse(JSON.stringify(r)).sections['__proto__'].toString).toBe(true);
  });

  it('numbers repeated field names in one section', () => {
    const r = parseDsregcmdStatus('| Device State |\n AzureAdJoined : YES\n AzureAdJoined : NO\n AzureAdJoined : NO\n');
    expect(r.sections['Device State']).toEqual({ AzureAdJoined: true, 'AzureAdJoined (2)': false, 'AzureAdJoined (3)': false });
  });

  it('handles very long lines and many lines quickly', () => {
    const start = Date.now();
    parseDsregcmdStatus('x'.repeat(2_000_000));
    parseDsregcmdStatus(`${'AzureAdJoined : YES\n'.repeat(50_000)}`);
    // A guard against super-linear scanning (quadratic on 2 MB would take minutes), not a speed target:
    // speed lives in bench/; the bound is generous so a loaded CI machine does not fail it.
    expect(Date.now() - start).toBeLessThan(10_000);
  }, 30_000);

  it('reports lines it did not understand, briefly', () => {
    const r = parseDsregcmdStatus(`${FULL}\nsomething odd here\nand more odd\nx\ny\n`);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings?.[0]).toMatch(/^4 line\(s\) not understood, e\.g\. "something odd here", "and more odd", "x"$/);
  });
});

describe('parser cost on adversarial lines', () => {
  it.each([
    ['long run of spaces', `${' '.repeat(200_000)}x`],
    ['long title line', `|${' '.repeat(200_000)}x${' '.repeat(200_000)}`],
    ['long validity-like value', ` DeviceCertificateValidity : [ ${'a -- '.repeat(40_000)}`],
    ['long test-like value', ` AD Connectivity Test : FAIL [${'0x1/'.repeat(40_000)}`],
    ['long prompt-like line', `C:\\${'a'.repeat(200_000)}`],
    ['colon soup', ':'.repeat(200_000)],
    ['many short lines', 'a : b\n'.repeat(100_000)],
  ])('%s stays linear', (_name, text) => {
    // Quadratic backtracking on 200,000 characters costs tens of seconds or more; a loaded machine parses
    // these in about a second. The bound catches the first without tripping over the second.
    const start = Date.now();
    parseDsregcmdStatus(text);
    expect(Date.now() - start).toBeLessThan(8000);
  }, 30_000);
});
