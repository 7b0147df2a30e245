/** One computer as a JSON row and a CSV row (pure; the CLI writes them as they are judged). */
import type { ComputerVerdict } from '../../derived/computers/judge.js';
import { escapeJsonUnsafe } from '../../util/sanitize.js';

/**
 * The published JSON row (schema/computers.schema.json). `cloud`: null = not queried, `{ state: 'not-found' }` =
 * queried, no device, `{ state: 'not-read', detail }` = queried, the device list could not be read.
 */
export function computerRow(v: ComputerVerdict): Record<string, unknown> {
  return {
    forest: v.forest,
    domain: v.domain,
    dn: v.dn,
    ou: v.ou,
    name: v.name,
    dnsHostName: v.dnsHostName,
    objectGuid: v.objectGuid,
    operatingSystem: v.operatingSystem,
    operatingSystemVersion: v.operatingSystemVersion,
    os: v.os,
    enabled: v.enabled,
    lastLogon: v.lastLogon,
    stale: v.stale,
    certificate: v.certificate,
    syncScope: v.syncScope,
    cloud: v.cloudUnread ? { state: 'not-read', detail: v.cloudUnread } : v.notInCloud ? { state: 'not-found' } : v.cloud,
    verdict: v.verdict,
    reasons: v.reasons,
    codes: v.codes,
    notes: v.notes,
  };
}

export const jsonRow = (v: ComputerVerdict): string => escapeJsonUnsafe(JSON.stringify(computerRow(v)));

export const CSV_COLUMNS = [
  'forest', 'domain', 'ou', 'name', 'dnsHostName', 'objectGuid', 'operatingSystem', 'operatingSystemVersion', 'osSupport', 'enabled',
  'lastLogon', 'stale', 'certificateStatus', 'certificateValues', 'syncScope', 'cloudState', 'verdict', 'reasons', 'codes', 'dn',
] as const;

/**
 * RFC 4180 field; a value a spreadsheet would run as a formula (= + - @, tab, CR at the start) gets a
 * leading apostrophe, and control characters are dropped (values come from AD: untrusted).
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  // eslint-disable-next-line no-control-regex
  let s = String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(v: ComputerVerdict): string {
  const cloudState = v.cloudUnread ? 'not-read' : v.notInCloud ? 'not-found' : (v.cloud?.state ?? null);
  const fields: Array<string | number | boolean | null> = [
    v.forest, v.domain, v.ou, v.name, v.dnsHostName, v.objectGuid, v.operatingSystem, v.operatingSystemVersion, v.os.support, v.enabled,
    v.lastLogon, v.stale, v.certificate.status, v.certificate.values, v.syncScope, cloudState, v.verdict, v.reasons.join(' '), v.codes.join(' '), v.dn,
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}
