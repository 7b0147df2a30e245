/**
 * Fault matrix, configuration side (extends test/cli/cli.test.ts, which covers a missing config file,
 * invalid JSON, forests[0].tls, forests[0].timeoutMs, an unknown top-level key and a missing password
 * variable): every malformed config or unreadable file exits 2 with one line naming the key or the
 * file, before any network access, with no stack trace (and with --debug, the line stays first).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { A_DIR, CASES, file, forest } from '../support/config-faults.js';

function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines[0]).toMatch(/^haadj-preflight: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('malformed configuration → exit 2, one line naming the key or file', () => {
  it.each(CASES)('%s', async (_name, command, config, pattern) => {
    const path = file(`c-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(config));
    const started = Date.now();
    const r = await runCli([command, '--config', path, '--format', 'json']);
    expect(r.code, r.stderr).toBe(2);
    expectOneLine(r.stderr, pattern);
    expect(r.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('the config path is a directory', async () => {
    const r = await runCli(['check', '--config', A_DIR]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /cannot read config .*a-directory: EISDIR/);
  });

  it('an empty config file and a config over 1 MiB', async () => {
    const empty = await runCli(['check', '--config', file('empty.json', '')]);
    expect(empty.code).toBe(2);
    expectOneLine(empty.stderr, /config .*empty\.json is not valid JSON/);
    const big = await runCli(['check', '--config', file('big.json', `{"forests": [], "x": "${'a'.repeat(1024 * 1024)}"}`)]);
    expect(big.code).toBe(2);
    expectOneLine(big.stderr, /config .*big\.json: larger than 1 MiB/);
  });

  it('with --debug a user error still leads with the one line (details may follow)', async () => {
    const path = file('debug.json', JSON.stringify({ forests: [forest({ caFile: A_DIR })] }));
    const r = await runCli(['--debug', 'check', '--config', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^haadj-preflight: forest contoso\.test: cannot read caFile .*EISDIR/);
  });
});
