/**
 * Reads a schemaVersion 1 bundle as version 2, so that a bundle an admin saved with an older release
 * evaluates with today's checks. Pure: plain JSON in, plain JSON out; the input is not modified.
 *
 * What changed in version 2 (the one outcome model, src/artifacts/outcome.ts):
 * - forest discovery `{ ok: false, error: { stage, cause, message } }` → `{ ok: false, failure: { stage, code, message } }`;
 * - a DC's observations moved from beside `failure?` into `outcome` (the value, or the failure with the partial evidence);
 * - a probe's dns/proxyResponse/tls/response/headersAt moved into `outcome` the same way (`phase`/`cause` → `stage`/`code`);
 * - a PAC's `load` and `decisions` are `Gathered` too (a decision's value is the raw FindProxyForURL answer);
 * - network.tenants lost `expectedId` and gained `scpKeywords` (the raw keywords the name came from): what a
 *   tenant name should resolve to is derived from raw SCP keywords when evaluating.
 */
import type { Stage } from './outcome.js';

type Json = Record<string, unknown>;

const DC_KEYS = ['host', 'port', 'tls', 'durationMs'];
const PROBE_KEYS = ['pathId', 'requestKey', 'route', 'pacResult', 'startedAt', 'timings'];

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * v1 had a 'timeout' stage that no gatherer produced; should a bundle carry it, it is read as a timeout of
 * the first request after the connection (rootdse), which the v1 checks judged the same way (reachable, not read).
 */
function stageOf(v1: unknown, timeoutStage: Stage): string {
  return v1 === 'timeout' ? timeoutStage : String(v1);
}

/** A v1 failure ({stage|phase, cause, message}) as a v2 Failure. */
function failure(v1: unknown, timeoutStage: Stage): Json {
  const f = isObject(v1) ? v1 : {};
  return { stage: stageOf(f['stage'] ?? f['phase'], timeoutStage), code: String(f['cause'] ?? 'error'), message: String(f['message'] ?? '') };
}

/** Moves everything but the key fields into an outcome: the value, or the failure with what was seen first. */
function withOutcome(v1: Json, keys: readonly string[], timeoutStage: Stage): Json {
  const out: Json = {};
  const seen: Json = {};
  for (const [k, v] of Object.entries(v1)) {
    if (keys.includes(k)) out[k] = v;
    else if (k !== 'failure') seen[k] = v;
  }
  if (v1['failure'] === undefined) out['outcome'] = { ok: true, value: seen };
  else out['outcome'] = Object.keys(seen).length > 0 ? { ok: false, failure: failure(v1['failure'], timeoutStage), partial: seen } : { ok: false, failure: failure(v1['failure'], timeoutStage) };
  return out;
}

function migrateForest(forest: Json): Json {
  const out: Json = { ...forest };
  const d = forest['discovery'];
  if (isObject(d) && d['ok'] === false) out['discovery'] = { ok: false, failure: failure(d['error'], 'dns') };
  if (Array.isArray(forest['dcs'])) out['dcs'] = forest['dcs'].map((dc) => (isObject(dc) ? withOutcome(dc, DC_KEYS, 'rootdse') : dc));
  return out;
}

function migrateDecision(d: unknown): unknown {
  if (!isObject(d)) return d;
  if (d['ok'] === true) return { ok: true, value: d['result'] };
  const message = String(d['error'] ?? '');
  return { ok: false, failure: { stage: 'pac', code: /does not compile/.test(message) ? 'COMPILE' : 'EVAL', message } };
}

function migratePac(pac: Json): Json {
  const out: Json = { ...pac };
  const load = pac['load'];
  if (isObject(load)) {
    const { ok, error, ...value } = load;
    out['load'] = ok === true ? { ok: true, value } : { ok: false, failure: failure(error, 'pac') };
  }
  if (isObject(pac['decisions'])) out['decisions'] = Object.fromEntries(Object.entries(pac['decisions']).map(([k, d]) => [k, migrateDecision(d)]));
  return out;
}

/** The raw keywords of the first SCP of forest `forestName` that mentions `name` (v1 did not record them). */
function keywordsNaming(forests: unknown, forestName: string, name: string): string[] | undefined {
  const forest = Array.isArray(forests) ? forests.find((f) => isObject(f) && f['name'] === forestName) : undefined;
  const dcs = isObject(forest) && Array.isArray(forest['dcs']) ? forest['dcs'] : [];
  for (const dc of dcs) {
    const keywords = isObject(dc) && isObject(dc['scp']) ? dc['scp']['keywords'] : undefined;
    if (Array.isArray(keywords) && keywords.some((k) => typeof k === 'string' && k.toLowerCase().includes(name.toLowerCase()))) return keywords as string[];
  }
  return undefined;
}

/**
 * v1 froze the tenant id its keyword parser read (expectedId); v2 keeps only the plan and the raw keywords
 * the name came from, and derives the id when evaluating.
 */
function plannedTenant(t: unknown, forests: unknown): unknown {
  if (!isObject(t)) return t;
  const { expectedId: _frozen, ...planned } = t;
  const source = String(planned['source'] ?? '');
  const keywords = source.startsWith('scp:') ? keywordsNaming(forests, source.slice(4), String(planned['name'] ?? '')) : undefined;
  return keywords ? { ...planned, scpKeywords: keywords } : planned;
}

function migrateNetwork(net: Json, forests: unknown): Json {
  const out: Json = { ...net };
  if (Array.isArray(net['tenants'])) out['tenants'] = net['tenants'].map((t) => plannedTenant(t, forests));
  if (Array.isArray(net['probes'])) out['probes'] = net['probes'].map((p) => (isObject(p) ? withOutcome(p, PROBE_KEYS, 'http') : p));
  if (Array.isArray(net['pac'])) out['pac'] = net['pac'].map((p) => (isObject(p) ? migratePac(p) : p));
  return out;
}

/** The artifacts of a v1 bundle in the v2 shape (anything it does not recognise is passed on for the schema to judge). */
export function migrateV1(artifacts: Json): Json {
  const out: Json = { ...artifacts, schemaVersion: 2 };
  if (Array.isArray(artifacts['forests'])) out['forests'] = artifacts['forests'].map((f) => (isObject(f) ? migrateForest(f) : f));
  if (isObject(artifacts['network'])) out['network'] = migrateNetwork(artifacts['network'], artifacts['forests']);
  return out;
}
