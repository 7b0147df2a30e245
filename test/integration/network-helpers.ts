import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkLabInfo } from '../lab/network/lab.js';

export interface Finding {
  check: string;
  status: 'pass' | 'warn' | 'fail' | 'error' | 'skip';
  message: string;
  proxy: string | null;
  endpoint: string | null;
  codes: string[];
  evidence: Record<string, unknown>;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  elapsedMs: number;
  report?: { summary: Record<string, unknown>; findings: Finding[] };
}

const BIN = new URL('../../bin/haadj-preflight.js', import.meta.url).pathname;

/** A config for the lab: lab DNS, lab CA, expected issuer = the lab "Microsoft" CA. */
export function labConfig(lab: NetworkLabInfo, network: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tenant: { id: lab.tenantId, name: 'contoso.lab.test' },
    forests: [],
    ...extra,
    network: { dnsServers: [lab.dnsServer], caFile: lab.originCaFile, expectedIssuers: [lab.originCaName], timeoutMs: 4000, ...network },
  };
}

/** Runs the built CLI with a config file; returns the parsed JSON report. Bounded by a hard timeout. */
export function runCli(command: 'probe' | 'check', config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<CliResult> {
  const dir = mkdtempSync(join(tmpdir(), 'haadj-netcfg-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  const started = Date.now();
  const cleanEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1', ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, command, '--config', file, '--format', 'json', ...args], { env: cleanEnv, timeout: 55_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : 99) : 0;
      const result: CliResult = { code, stdout, stderr, elapsedMs: Date.now() - started };
      try {
        result.report = JSON.parse(stdout) as CliResult['report'];
      } catch {
        // left undefined: the test prints stderr
      }
      resolve(result);
    });
  });
}

export function findings(r: CliResult, check: string, where: { proxy?: string; endpoint?: string | RegExp } = {}): Finding[] {
  if (!r.report) throw new Error(`no JSON report (exit ${r.code}): ${r.stderr}`);
  return r.report.findings.filter(
    (f) =>
      f.check === check &&
      (where.proxy === undefined || f.proxy === where.proxy) &&
      (where.endpoint === undefined || (typeof where.endpoint === 'string' ? f.endpoint === where.endpoint : f.endpoint !== null && where.endpoint.test(f.endpoint))),
  );
}

export function one(r: CliResult, check: string, where: { proxy?: string; endpoint?: string | RegExp }): Finding {
  const list = findings(r, check, where);
  if (list.length !== 1) throw new Error(`expected one ${check} finding for ${JSON.stringify(where, (_k, v: unknown) => (v instanceof RegExp ? v.source : v))}, got ${list.length}: ${JSON.stringify(list.map((f) => [f.proxy, f.endpoint, f.status]))}`);
  return list[0] as Finding;
}

export const DRS = 'https://enterpriseregistration.windows.net/';
export const LOGIN = 'https://login.microsoftonline.com/common/oauth2';
export const DEVICE_LOGIN = 'https://device.login.microsoftonline.com/common/oauth2';
export const discoverUrl = (name: string) => `https://enterpriseregistration.windows.net/${name}/discover?api-version=1.7`;
