import { readFile, stat } from 'node:fs/promises';
import { BUNDLE_KIND, parseBundle } from '../../artifacts/bundle.js';
import { CHECKS } from '../../checks/index.js';
import type { Status } from '../../checks/types.js';
import type { Environment } from '../../engine/fleet-environment.js';
import type { Finding } from '../../engine/report.js';
import { evaluate } from '../../engine/run.js';
import { UserError } from '../../util/errors.js';
import { sanitizeInline } from '../../util/sanitize.js';

/** A saved report or bundle larger than this is refused (real ones are a few MB). */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;
const STATUSES: readonly Status[] = ['pass', 'warn', 'fail', 'error', 'skip'];
const isStatus = (v: unknown): v is Status => STATUSES.some((s) => s === v);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** One finding of a saved report, checked field by field (the file is the user's, not ours). */
function toFinding(v: unknown, i: number, source: string): Finding {
  const bad = (what: string) => new UserError(`${source}: finding ${i} ${what}; is this a \`check --format json\` report?`);
  if (!isObject(v)) throw bad('is not an object');
  const { check, status, title, message, forest, server, proxy, endpoint, codes, remedy, evidence } = v;
  if (typeof check !== 'string' || !isStatus(status)) throw bad('has no valid check and status');
  if (!strOrNull(forest) || !strOrNull(proxy) || !strOrNull(server ?? null) || !strOrNull(endpoint ?? null)) throw bad('has a subject that is not a string');
  if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'string')) throw bad('has codes that are not strings');
  return {
    check,
    status,
    title: typeof title === 'string' ? title : check,
    message: typeof message === 'string' ? message : '',
    forest,
    server: typeof server === 'string' ? server : null,
    proxy,
    endpoint: typeof endpoint === 'string' ? endpoint : null,
    codes,
    remedy: typeof remedy === 'string' ? remedy : null,
    evidence: isObject(evidence) ? evidence : {},
  };
}

/**
 * The DNS names of a forest's domains wherever a bundle lists them (`domains[].dnsRoot` of a DC, also
 * when the DC is wrapped in an outcome's `value`). Read by name only, so a change in how the bundle
 * stores a DC's result does not break the fleet summary.
 */
export function domainsIn(node: unknown, depth = 0, out = new Set<string>()): Set<string> {
  if (depth > 5 || out.size > 1000) return out;
  if (Array.isArray(node)) {
    for (const v of node) domainsIn(v, depth + 1, out);
  } else if (isObject(node)) {
    const domains = node['domains'];
    if (Array.isArray(domains)) for (const d of domains) if (isObject(d) && typeof d['dnsRoot'] === 'string') out.add(d['dnsRoot'].toLowerCase());
    for (const [k, v] of Object.entries(node)) if (k !== 'domains' && (Array.isArray(v) || isObject(v))) domainsIn(v, depth + 1, out);
  }
  return out;
}

function fromBundle(text: string, raw: Record<string, unknown>, source: string): Environment {
  const artifacts = parseBundle(text, source);
  const report = evaluate(artifacts, CHECKS, {});
  const rawForests = isObject(raw['artifacts']) && Array.isArray(raw['artifacts']['forests']) ? raw['artifacts']['forests'] : [];
  const forests = rawForests.filter(isObject).filter((f) => typeof f['name'] === 'string').map((f) => ({ name: String(f['name']), domains: [...domainsIn(f['dcs'])] }));
  return { source, forests, findings: report.findings };
}

function fromReport(raw: Record<string, unknown>, source: string): Environment {
  const list = raw['findings'];
  if (!Array.isArray(list)) throw new UserError(`${source}: no "findings" list; give a \`check --format json\` report or a \`gather\` bundle`);
  const findings = list.map((f, i) => toFinding(f, i, source));
  const names = [...new Set(findings.map((f) => f.forest).filter((f): f is string => f !== null))];
  return { source, forests: names.map((name) => ({ name, domains: [] })), findings };
}

/** `--report FILE`: a saved `check --format json` report, or a bundle (evaluated here by the engine). Problems are one-line user errors. */
export async function loadEnvironment(file: string): Promise<Environment> {
  const source = sanitizeInline(file);
  let text: string;
  try {
    if ((await stat(file)).size > MAX_REPORT_BYTES) throw new UserError(`${source} is larger than ${MAX_REPORT_BYTES} bytes`);
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot read report ${source}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(raw)) throw new UserError(`${source} is not a report or bundle (not a JSON object)`);
  if (raw['kind'] === BUNDLE_KIND) return fromBundle(text, raw, source);
  if (raw['schemaVersion'] !== 1) throw new UserError(`${source}: unsupported report schemaVersion ${sanitizeInline(String(raw['schemaVersion']))} (this version reads 1)`);
  return fromReport(raw, source);
}
