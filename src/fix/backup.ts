/**
 * The backup a fix takes before its first write (pure): every object it will touch, as it was, in
 * LDIF with the full old values (nTSecurityDescriptor DACL as base64), and whether it existed (the
 * undo of a created object is its deletion). The first line is a comment holding the metadata as
 * JSON, so the file stays plain LDIF for any LDAP tool.
 */
import { escapeJsonUnsafe } from '../util/sanitize.js';
import { scpContainerDn, scpDn } from '../derived/scp-location.js';
import { ldifLine, parseLdif } from './ldif.js';

export const BACKUP_MARK = '# haadj-preflight backup ';
export const BINARY_ATTRIBUTES = ['nTSecurityDescriptor', 'objectGUID'];

export interface BackupObject {
  dn: string;
  existed: boolean;
  /** The attributes the fix changes on this object (what an undo restores); a created object is deleted instead. */
  changes?: string[];
  /** Attribute → values as read (Buffers for binary attributes). Only for objects that existed. */
  attributes?: Record<string, Array<string | Buffer>>;
}

export interface Backup {
  version: 1;
  forest: string;
  /** The DC the backup was read from and the fix wrote to. */
  server: string;
  port: number;
  takenAt: string;
  objects: BackupObject[];
}

export function renderBackup(b: Backup): string {
  const meta = { version: b.version, forest: b.forest, server: b.server, port: b.port, takenAt: b.takenAt, objects: b.objects.map((o) => ({ dn: o.dn, existed: o.existed, ...(o.changes ? { changes: o.changes } : {}) })) };
  const out = [`${BACKUP_MARK}${escapeJsonUnsafe(JSON.stringify(meta))}`, '# Restore with: haadj-preflight fix --config <file> --undo <this file>', 'version: 1', ''];
  for (const o of b.objects) {
    if (!o.existed || !o.attributes) continue;
    out.push(ldifLine('dn', o.dn));
    for (const [attr, values] of Object.entries(o.attributes)) for (const v of values) out.push(ldifLine(attr, v));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function isMeta(v: unknown): v is Omit<Backup, 'objects'> & { objects: Array<{ dn: string; existed: boolean; changes?: string[] }> } {
  const m = v as Record<string, unknown> | null;
  return !!m && m['version'] === 1 && typeof m['forest'] === 'string' && typeof m['server'] === 'string' && typeof m['port'] === 'number'
    && Array.isArray(m['objects']) && (m['objects'] as unknown[]).every((o) => typeof (o as Record<string, unknown>)?.['dn'] === 'string' && typeof (o as Record<string, unknown>)?.['existed'] === 'boolean');
}

/** Parses a backup written by renderBackup; throws an Error with a one-line reason otherwise. */
export function parseBackup(text: string): Backup {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  if (!first.startsWith(BACKUP_MARK)) throw new Error('not a haadj-preflight backup (its first line is not the backup header)');
  let meta: unknown;
  try {
    meta = JSON.parse(first.slice(BACKUP_MARK.length));
  } catch {
    throw new Error('the backup header is not valid JSON');
  }
  if (!isMeta(meta)) throw new Error('the backup header lacks version, forest, server, port or objects');
  const records = parseLdif(text, BINARY_ATTRIBUTES);
  const objects: BackupObject[] = meta.objects.map((o) => {
    if (!o.existed) return { dn: o.dn, existed: false };
    const rec = records.find((r) => r.dn.toLowerCase() === o.dn.toLowerCase());
    if (!rec) throw new Error(`the backup has no record for ${o.dn}`);
    const changes = Array.isArray(o.changes) ? o.changes.filter((c): c is string => typeof c === 'string') : [];
    return { dn: o.dn, existed: true, changes, attributes: Object.fromEntries(rec.attributes) };
  });
  return { version: 1, forest: meta.forest, server: meta.server, port: meta.port, takenAt: String(meta.takenAt), objects };
}

/** A backed-up attribute's values, matched case-insensitively. */
export function backupValues(o: BackupObject, attr: string): Array<string | Buffer> {
  const key = Object.keys(o.attributes ?? {}).find((k) => k.toLowerCase() === attr.toLowerCase());
  return key ? (o.attributes?.[key] ?? []) : [];
}

/**
 * The configuration NC a backup's objects belong to, when every object is the Device Registration
 * Configuration container or the SCP of that one NC; an Error otherwise. An undo never touches
 * anything else, whatever the file says.
 */
export function backupConfigurationNc(b: Backup): string {
  const marker = ',CN=Services,';
  let nc: string | undefined;
  for (const o of b.objects) {
    const at = o.dn.toUpperCase().lastIndexOf(marker.toUpperCase());
    const candidate = at >= 0 ? o.dn.slice(at + marker.length) : '';
    const known = candidate && [scpContainerDn(candidate), scpDn(candidate)].some((dn) => dn.toLowerCase() === o.dn.toLowerCase());
    if (!known) throw new Error(`${o.dn} is neither the Device Registration Configuration container nor the SCP; the backup is refused`);
    if (nc !== undefined && nc.toLowerCase() !== candidate.toLowerCase()) throw new Error('the backup mixes objects of two configuration partitions; it is refused');
    nc = candidate;
  }
  if (nc === undefined) throw new Error('the backup holds no object');
  return nc;
}
