import type { Capture } from '../derived/dsregcmd/capture.js';
import { cmp, healthOf, keepSmallest, type DeviceEntry, type Fleet, type Unusable } from '../derived/dsregcmd/fleet.js';
import { causesOf, ForestIndex, proxyKey, type Cause, type Environment, type ForestMatch } from './fleet-environment.js';

/** Device names kept per bucket or group (the smallest names, sorted); counts are always exact. */
export const SAMPLE_SIZE = 10;
/** Groups kept (largest first); the rest are summed in `otherGroups`. */
export const MAX_GROUPS = 200;
const MAX_PROXIES_PER_GROUP = 20;

export interface Bucket {
  count: number;
  /** Up to SAMPLE_SIZE device names. */
  devices: string[];
}

/** The environment finding that explains (part of) an error group. */
export interface Explanation {
  check: string;
  title: string;
  message: string;
  forest: string | null;
  proxy: string | null;
  /** Devices of the group it covers: all of them for a forest-wide finding, those behind the proxy for a path. */
  devices: number;
  /** True when the finding also predicts the group's sub-code (e.g. 0x80072ee2 under 0x801c0021). */
  subCodeMatches: boolean;
}

/** Devices of one forest (or domain, without a report) that end in the same error. */
export interface ErrorGroup {
  forest: string | null;
  /** The device domain when no forest is known for it (no report, or a domain the report does not list). */
  domain: string | null;
  /** Client ErrorCode, with the failing test's sub-code when printed: `0x801c0021/0x80072ee2`. */
  code: string;
  errorPhase: string | null;
  count: number;
  devices: string[];
  /** SYSTEM proxy paths of these devices (`unknown` when the capture has no proxy section), with counts. */
  proxies: Record<string, number>;
  /** With a report: the failing findings that predict this code for this forest or proxy path; [] when none does. */
  explainedBy: Explanation[] | null;
}

export interface ForestRow {
  forest: string | null;
  domain: string | null;
  devices: number;
  /** Matched through the NetBIOS name only (inferred). */
  byNetbios: number;
  byJoinState: Record<string, number>;
  withError: number;
}

export interface FleetSummary {
  schemaVersion: 1;
  kind: 'haadj-preflight-fleet-summary';
  captures: { total: number; used: number; duplicates: number; cut: number; unreadable: number; foreign: number };
  devices: number;
  history: { devicesWithHistory: number; improved: number; regressed: number };
  byJoinState: Record<string, Bucket>;
  byErrorPhase: Record<string, Bucket>;
  byClientErrorCode: Record<string, Bucket>;
  forests: ForestRow[];
  errorGroups: ErrorGroup[];
  otherGroups: { groups: number; devices: number };
  environment: { source: string; forests: string[]; failingFindings: number } | null;
  unreadable: Unusable[];
  foreign: Unusable[];
}

export const NONE = 'none';
/** The error bucket of devices whose capture was cut before its diagnostics (never counted as `none`). */
export const UNKNOWN_CUT = 'unknown (cut)';

function bump(buckets: Map<string, Bucket>, key: string, name: string): void {
  let b = buckets.get(key);
  if (!b) buckets.set(key, (b = { count: 0, devices: [] }));
  b.count++;
  keepSmallest(b.devices, name, SAMPLE_SIZE, (n) => n);
}

function sorted<T extends { count: number }>(m: Map<string, T>): Array<[string, T]> {
  return [...m.entries()].sort(([ka, a], [kb, b]) => b.count - a.count || cmp(ka, kb));
}

interface GroupAcc {
  group: ErrorGroup;
  proxies: Map<string, number>;
}

function domainLabel(c: Capture): string | null {
  return c.dnsDomain ?? c.netbios;
}

/** Groups the newest captures by forest (or domain) and error; counts forests. */
function accumulate(devices: DeviceEntry[], index: ForestIndex | null) {
  const groups = new Map<string, GroupAcc>();
  const forests = new Map<string, ForestRow & { count: number }>();
  for (const d of devices) {
    const c = d.latest;
    const match: ForestMatch = index ? index.forestOf(c) : null;
    const forest = match?.forest ?? null;
    const domain = forest === null ? domainLabel(c) : null;
    const fk = `${forest ?? ''}|${domain ?? ''}`;
    let row = forests.get(fk);
    if (!row) forests.set(fk, (row = { forest, domain, devices: 0, byNetbios: 0, byJoinState: {}, withError: 0, count: 0 }));
    row.devices++;
    row.count++;
    if (match?.by === 'netbios') row.byNetbios++;
    row.byJoinState[c.joinState] = (row.byJoinState[c.joinState] ?? 0) + 1;
    if (healthOf(c) !== 0) continue;
    row.withError++;
    const code = c.codePair ?? (c.errorPhase ? `${NONE} (${c.errorPhase})` : c.errorKnown ? NONE : UNKNOWN_CUT);
    const gk = `${fk}|${code}`;
    let acc = groups.get(gk);
    if (!acc) {
      acc = { group: { forest, domain, code, errorPhase: c.errorPhase, count: 0, devices: [], proxies: {}, explainedBy: null }, proxies: new Map() };
      groups.set(gk, acc);
    }
    acc.group.count++;
    keepSmallest(acc.group.devices, c.name, SAMPLE_SIZE, (n) => n);
    const p = c.proxy ?? 'unknown';
    if (acc.proxies.has(p) || acc.proxies.size < MAX_PROXIES_PER_GROUP) acc.proxies.set(p, (acc.proxies.get(p) ?? 0) + 1);
  }
  return { groups, forests };
}

/** The failing findings that predict a group's code, for its forest (or everywhere), or for a proxy path its devices use. */
export function explain(group: ErrorGroup, proxies: Map<string, number>, causes: readonly Cause[]): Explanation[] {
  const [top, sub] = group.code.split('/');
  if (top === undefined || !/^0x[0-9a-f]{8}$/.test(top)) return [];
  const out: Explanation[] = [];
  for (const cause of causes) {
    if (!cause.codes.has(top)) continue;
    // a finding about one forest (or a probe of one forest's tenant) says nothing about the others
    if ((cause.forest !== null || cause.scope.length > 0) && (group.forest === null || (cause.forest ?? group.forest) !== group.forest || (cause.scope.length > 0 && !cause.scope.includes(group.forest)))) continue;
    let devices = 0;
    if (cause.proxy !== null) {
      const want = proxyKey(cause.proxy);
      for (const [p, n] of proxies) if (p !== 'unknown' && proxyKey(p) === want) devices += n;
    } else {
      devices = group.count;
    }
    if (devices === 0) continue;
    const { check, title, message, forest, proxy } = cause;
    out.push({ check, title, message, forest, proxy, devices, subCodeMatches: sub !== undefined && cause.codes.has(sub) });
  }
  return out.sort((a, b) => Number(b.subCodeMatches) - Number(a.subCodeMatches) || b.devices - a.devices || cmp(a.check, b.check) || cmp(a.proxy ?? '', b.proxy ?? '')).slice(0, 8);
}

function history(devices: DeviceEntry[]): FleetSummary['history'] {
  let devicesWithHistory = 0;
  let improved = 0;
  let regressed = 0;
  for (const d of devices) {
    if (d.captures < 2) continue;
    devicesWithHistory++;
    const last = healthOf(d.latest);
    const first = healthOf(d.first);
    if (last > first) improved++;
    else if (last < first) regressed++;
  }
  return { devicesWithHistory, improved, regressed };
}

function buckets(devices: DeviceEntry[]) {
  const byJoinState = new Map<string, Bucket>();
  const byErrorPhase = new Map<string, Bucket>();
  const byClientErrorCode = new Map<string, Bucket>();
  for (const { latest: c } of devices) {
    bump(byJoinState, c.joinState, c.name);
    const none = c.errorKnown ? NONE : UNKNOWN_CUT;
    bump(byErrorPhase, c.errorPhase ?? none, c.name);
    bump(byClientErrorCode, c.clientErrorCode ?? none, c.name);
  }
  return { byJoinState: Object.fromEntries(sorted(byJoinState)), byErrorPhase: Object.fromEntries(sorted(byErrorPhase)), byClientErrorCode: Object.fromEntries(sorted(byClientErrorCode)) };
}

/** The fleet (newest capture per device) → the summary, tied to the environment's findings when a report is given. Pure. */
export function summarizeFleet(fleet: Fleet, env: Environment | null): FleetSummary {
  const devices = fleet.devices();
  const index = env ? new ForestIndex(env.forests) : null;
  const causes = env ? causesOf(env) : [];
  const { groups, forests } = accumulate(devices, index);
  const all = sorted(new Map([...groups].map(([k, a]) => [k, { count: a.group.count, acc: a }])));
  const kept = all.slice(0, MAX_GROUPS).map(([, v]) => {
    const g = v.acc.group;
    g.proxies = Object.fromEntries(sorted(new Map([...v.acc.proxies].map(([p, n]) => [p, { count: n }]))).map(([p, o]) => [p, o.count]));
    g.explainedBy = env ? explain(g, v.acc.proxies, causes) : null;
    return g;
  });
  const rest = all.slice(MAX_GROUPS);
  return {
    schemaVersion: 1,
    kind: 'haadj-preflight-fleet-summary',
    captures: { total: fleet.captures + fleet.unreadable + fleet.foreign, used: fleet.captures, duplicates: fleet.captures - devices.length, cut: fleet.cut, unreadable: fleet.unreadable, foreign: fleet.foreign },
    devices: devices.length,
    history: history(devices),
    ...buckets(devices),
    forests: sorted(forests).map(([, { count: _count, ...row }]) => row),
    errorGroups: kept,
    otherGroups: { groups: rest.length, devices: rest.reduce((n, [, v]) => n + v.count, 0) },
    environment: env ? { source: env.source, forests: env.forests.map((f) => f.name), failingFindings: causes.length } : null,
    unreadable: [...fleet.unreadableList],
    foreign: [...fleet.foreignList],
  };
}

/** One row per device (the csv format): the newest capture, with the forest it maps to. */
export interface DeviceRow {
  name: string;
  domain: string | null;
  forest: string | null;
  joinState: string;
  errorPhase: string | null;
  clientErrorCode: string | null;
  codes: string | null;
  proxy: string | null;
  /** ISO-8601: Client Time when printed, else the file's time. */
  lastCapture: string;
  captures: number;
  source: string;
  cut: boolean;
}

/** The rows, in device-name order; computed when asked, never kept. */
export function* deviceRows(fleet: Fleet, env: Environment | null): Generator<DeviceRow> {
  const index = env ? new ForestIndex(env.forests) : null;
  for (const d of fleet.devices()) {
    const c = d.latest;
    const t = c.clientTime ?? c.fileTime;
    yield {
      name: c.name,
      domain: domainLabel(c),
      forest: index?.forestOf(c)?.forest ?? null,
      joinState: c.joinState,
      errorPhase: c.errorPhase,
      clientErrorCode: c.clientErrorCode,
      codes: c.codePair,
      proxy: c.proxy,
      lastCapture: Number.isFinite(t) && t > 0 ? new Date(t).toISOString() : '',
      captures: d.captures,
      source: c.source,
      cut: c.cut,
    };
  }
}
