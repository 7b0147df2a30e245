import type { Capture } from './capture.js';

/**
 * The fleet: one entry per device, newest capture wins. A device is keyed by its DeviceId when a
 * capture prints one, else by host name and domain; a capture that prints both links the two keys,
 * so a device captured before and after it joined is still one device. Pure and order-independent:
 * the same captures in any order give the same fleet.
 */
export interface DeviceEntry {
  latest: Capture;
  /** The oldest capture (by the reverse of `newer`, so a tie does not depend on arrival order), for improved/regressed. */
  first: Capture;
  captures: number;
  keys: string[];
}

/** 0 = an error is printed, 1 = not joined without an error, 2 = joined. */
export type Health = 0 | 1 | 2;

export function healthOf(c: Pick<Capture, 'joinState' | 'errorPhase' | 'clientErrorCode'> & { errorKnown?: boolean }): Health {
  if (c.clientErrorCode !== null || c.errorPhase !== null) return 0;
  // a cut capture that never reached its diagnostics is no evidence of health: judged as failing
  if (c.errorKnown === false && c.joinState !== 'hybrid-joined' && c.joinState !== 'entra-joined' && c.joinState !== 'enterprise-joined') return 0;
  return c.joinState === 'hybrid-joined' || c.joinState === 'entra-joined' || c.joinState === 'enterprise-joined' ? 2 : 1;
}

/** When a capture was taken: Client Time when printed, else the file's time. */
export function captureTime(c: Capture): number {
  return c.clientTime ?? c.fileTime;
}

/** Total order on captures: time, then file time, then source (so ties never depend on arrival order). */
export function newer(a: Capture, b: Capture): boolean {
  const ta = captureTime(a);
  const tb = captureTime(b);
  if (ta !== tb) return ta > tb;
  if (a.fileTime !== b.fileTime) return a.fileTime > b.fileTime;
  return a.source > b.source;
}

function keysOf(c: Capture): string[] {
  const keys: string[] = [];
  if (c.deviceId !== null) keys.push(`id:${c.deviceId}`);
  if (c.host !== null) keys.push(`host:${c.host}|${c.dnsDomain ?? c.netbios ?? ''}`);
  if (keys.length === 0) keys.push(`source:${c.source}`);
  return keys;
}

export interface Unusable {
  source: string;
  message: string;
}

/** Lists of unusable inputs keep this many names (sorted); their counts are exact. */
export const MAX_LISTED = 50;

/** Keeps the `max` smallest strings seen, sorted: a bounded, order-independent sample. */
export function keepSmallest<T>(list: T[], item: T, max: number, key: (t: T) => string): void {
  const k = key(item);
  if (list.length >= max && k >= key(list[list.length - 1] as T)) return;
  let i = list.length;
  while (i > 0 && key(list[i - 1] as T) > k) i--;
  list.splice(i, 0, item);
  if (list.length > max) list.pop();
}

export class Fleet {
  private readonly byKey = new Map<string, DeviceEntry>();
  captures = 0;
  cut = 0;
  unreadable = 0;
  foreign = 0;
  readonly unreadableList: Unusable[] = [];
  readonly foreignList: Unusable[] = [];

  add(c: Capture): void {
    this.captures++;
    if (c.cut) this.cut++;
    const keys = keysOf(c);
    const found: DeviceEntry[] = [];
    for (const k of keys) {
      const e = this.byKey.get(k);
      if (e !== undefined && !found.includes(e)) found.push(e);
    }
    let entry: DeviceEntry = found[0] ?? { latest: c, first: c, captures: 0, keys: [] };
    for (const other of found.slice(1)) entry = this.merge(entry, other);
    entry.captures++;
    if (entry.captures > 1) {
      if (newer(c, entry.latest)) entry.latest = c;
      if (newer(entry.first, c)) entry.first = c;
    }
    for (const k of keys) {
      if (!entry.keys.includes(k)) entry.keys.push(k);
      this.byKey.set(k, entry);
    }
  }

  private merge(a: DeviceEntry, b: DeviceEntry): DeviceEntry {
    a.captures += b.captures;
    if (newer(b.latest, a.latest)) a.latest = b.latest;
    if (newer(a.first, b.first)) a.first = b.first;
    for (const k of b.keys) {
      if (!a.keys.includes(k)) a.keys.push(k);
      this.byKey.set(k, a);
    }
    return a;
  }

  addUnreadable(source: string, message: string): void {
    this.unreadable++;
    keepSmallest(this.unreadableList, { source, message }, MAX_LISTED, (u) => u.source);
  }

  addForeign(source: string, message: string): void {
    this.foreign++;
    keepSmallest(this.foreignList, { source, message }, MAX_LISTED, (u) => u.source);
  }

  /** Every device once, ordered by name then source (deterministic). */
  devices(): DeviceEntry[] {
    const seen = new Set<DeviceEntry>();
    for (const e of this.byKey.values()) seen.add(e);
    return [...seen].sort((a, b) => cmp(a.latest.name.toLowerCase(), b.latest.name.toLowerCase()) || cmp(a.latest.source, b.latest.source));
  }
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
