/**
 * CLI manners with real processes: a reader that goes away (`| head -1`) ends the run quietly, and
 * Ctrl-C at the password prompt (a real pseudo-terminal from util-linux `script`) exits 130 with
 * nothing on stdout.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTempJson } from '../support/cli.js';

const BIN = new URL('../../bin/haadj-preflight.js', import.meta.url).pathname;
const ENV = { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a shell command line; resolves with its exit status and output. */
function sh(line: string, onStdout?: (seen: string, stdin: NodeJS.WritableStream) => void, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--norc', '--noprofile', '-c', line], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, child.stdin);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the CLI with its stdout read end closed before it writes anything. */
function withClosedStdout(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout: '', stderr }));
  });
}

/** Enough devices that the JSON summary is far larger than a pipe buffer. */
function manyCaptures(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'haadj-pipe-')), 'captures');
  mkdirSync(dir);
  for (let i = 0; i < 2500; i++) {
    const name = `pc-${String(i).padStart(5, '0')}-with-a-long-name.contoso.example`;
    writeFileSync(join(dir, `${i}.txt`), `             AzureAdJoined : NO\n              DomainJoined : YES\n               Device Name : ${name}\n`);
  }
  return dir;
}

const UNREACHABLE = { forests: [{ name: 'contoso.test', servers: ['127.0.0.1:1'], timeoutMs: 500 }] };

describe('a closed stdout ends the run quietly', () => {
  it('dsregcmd summarize DIR --format json | head -1', async () => {
    const r = await sh(`${process.execPath} ${BIN} dsregcmd summarize --format json ${manyCaptures()} | head -1; echo "status=\${PIPESTATUS[0]}" >&2`);
    expect(r.stdout).toBe('{\n');
    expect(r.stderr).toBe('status=0\n'); // no stack trace, no "internal error", exit 0
  });

  it.each([
    ['explain', ['explain', '--format', 'json', '0x801c001d'], 0],
    ['check --format json', ['check', '--config', writeTempJson('c.json', UNREACHABLE), '--format', 'json'], null],
    ['dsregcmd parse', ['dsregcmd', 'parse', new URL('../fixtures/dsregcmd/status-samples.txt', import.meta.url).pathname], 0],
  ])('%s with the read end closed early', async (_name, args, code) => {
    const r = await withClosedStdout(args as string[]);
    expect(r.stderr).toBe('');
    if (code !== null) expect(r.code).toBe(code);
    else expect([0, 1]).toContain(r.code); // the report's own exit code, never 2
  });
});

describe('Ctrl-C at the password prompt', () => {
  it('exits 130 and writes nothing to stdout', async () => {
    const config = writeTempJson('c.json', { forests: [{ name: 'contoso.test', servers: ['127.0.0.1:1'], bindDn: 'svc@contoso.test', timeoutMs: 500 }] });
    const out = join(mkdtempSync(join(tmpdir(), 'haadj-pty-')), 'stdout.txt');
    // `script` gives the CLI a real terminal on stdin and stderr; its stdout goes to a file.
    const inner = `stty cols 100 rows 30; ${process.execPath} ${BIN} scp --config ${config} --format json > ${out}`;
    let sent = false;
    const r = await sh(`script -qefc '${inner}' /dev/null`, (seen, stdin) => {
      if (!sent && seen.includes('Password for svc@contoso.test')) {
        sent = true;
        setTimeout(() => stdin.write('\x03'), 200);
      }
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(readFileSync(out, 'utf8')).toBe('');
    expect(r.stdout).not.toMatch(/\n\s+at |internal error/);
  });
});

describe('--encoding', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'haadj-enc-')), 'pc1.txt');
  writeFileSync(file, Buffer.from('             AzureAdJoined : YES\r\n              DomainJoined : YES\r\n                TenantName : M\x81ller Gr\x94\xe1e\r\n', 'latin1'));

  it('a cp850 capture reads right without it, and with it forced', async () => {
    for (const extra of ['', '--encoding cp850']) {
      const r = await sh(`${process.execPath} ${BIN} dsregcmd parse ${extra} ${file}`);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ joinState: 'hybrid-joined', tenant: { name: 'Müller Größe' } });
    }
  });

  it.each([
    ['dsregcmd parse', `dsregcmd parse --encoding klingon ${file}`],
    ['dsregcmd summarize', `dsregcmd summarize --encoding klingon ${file}`],
    ['diagnose', `diagnose --encoding klingon -d ${file}`],
  ])('an unknown name is one line and exit 2 (%s)', async (_name, args) => {
    const r = await sh(`${process.execPath} ${BIN} ${args}`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('haadj-preflight: unknown --encoding "klingon" (use e.g. cp850, cp437, cp1252, utf-8, utf-16le)\n');
  });
});
