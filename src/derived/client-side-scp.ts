/**
 * The client-side SCP (targeted rollout): `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\CDJ\AAD`
 * with REG_SZ `TenantId` and `TenantName`. A device that has both uses them and does not read the AD
 * SCP [S6][S7]. Reads a `reg export` of that key and validates the values with the rules of the AD
 * keywords. Pure.
 */
import { parseRegExport, type RegExport, type RegValue } from './reg-export.js';
import { tenantValueProblems } from './scp-keywords.js';

export const CDJ_AAD_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD';
const KEY_TAIL = 'software\\microsoft\\windows\\currentversion\\cdj\\aad';

export interface ClientSideScpProblem {
  kind:
    | 'not-reg-export'
    | 'key-missing'
    | 'missing-id'
    | 'missing-name'
    | 'empty-value'
    | 'whitespace'
    | 'id-not-guid'
    | 'name-not-domain'
    | 'value-type'
    | 'truncated';
  /** Fatal problems stop a device from taking its tenant from the registry. */
  fatal: boolean;
  value?: 'TenantId' | 'TenantName';
  detail: string;
}

export interface ClientSideScp {
  format: RegExport['format'];
  /** The CDJ\AAD key was in the file. */
  keyFound: boolean;
  /** Lower-case tenant GUID when TenantId is usable. */
  tenantId?: string;
  /** Lower-case domain when TenantName is usable. */
  tenantName?: string;
  /** TenantId / TenantName as found (raw data and type), for evidence. */
  values: Partial<Record<'TenantId' | 'TenantName', { type: RegValue['type']; data: string }>>;
  /** Other value names under the key (ignored by devices as far as the sources say). */
  otherValues: string[];
  /** Keys of the file other than CDJ\AAD (first few). */
  otherKeys: string[];
  problems: ClientSideScpProblem[];
}

function isCdjAadKey(path: string): boolean {
  const p = path.toLowerCase().replace(/\\+$/, '');
  return p === `hkey_local_machine\\${KEY_TAIL}` || p === `hklm\\${KEY_TAIL}`;
}

function judgeValue(which: 'TenantId' | 'TenantName', value: RegValue | undefined, out: ClientSideScp): void {
  const kind = which === 'TenantId' ? 'id' : 'name';
  if (!value) {
    out.problems.push({ kind: kind === 'id' ? 'missing-id' : 'missing-name', fatal: true, value: which, detail: `no ${which} value under ${CDJ_AAD_KEY}` });
    return;
  }
  out.values[which] = { type: value.type, data: value.data.slice(0, 300) };
  if (value.type !== 'REG_SZ' && value.type !== 'REG_EXPAND_SZ') {
    out.problems.push({ kind: 'value-type', fatal: true, value: which, detail: `${which} is ${value.type}, not a string (REG_SZ)` });
    return;
  }
  if (value.type === 'REG_EXPAND_SZ') {
    out.problems.push({ kind: 'value-type', fatal: false, value: which, detail: `${which} is REG_EXPAND_SZ; Microsoft documents REG_SZ` });
  }
  const problems = tenantValueProblems(kind, value.data, which);
  out.problems.push(...problems.map((p) => ({ ...p, fatal: true, value: which })));
  if (problems.length > 0) return;
  if (which === 'TenantId') out.tenantId = value.data.toLowerCase();
  else out.tenantName = value.data.toLowerCase().replace(/\.$/, '');
}

/** Reads the client-side SCP from the text of a `reg export` file. `truncated`: the gatherer cut the text. */
export function readClientSideScp(text: string, truncated = false): ClientSideScp {
  const reg = parseRegExport(text);
  const key = [...reg.keys].reverse().find((k) => isCdjAadKey(k.path));
  const out: ClientSideScp = {
    format: reg.format,
    keyFound: key !== undefined,
    values: {},
    otherValues: [],
    otherKeys: reg.keys.filter((k) => !isCdjAadKey(k.path)).slice(0, 3).map((k) => k.path.slice(0, 300)),
    problems: [],
  };
  if (truncated) out.problems.push({ kind: 'truncated', fatal: false, detail: 'the file is larger than the tool reads; only its beginning was judged' });
  if (reg.format === 'unknown') {
    out.problems.push({ kind: 'not-reg-export', fatal: true, detail: 'the file is not a registry export (no "Windows Registry Editor Version 5.00" or "REGEDIT4" first line)' });
    return out;
  }
  if (!key) {
    const found = out.otherKeys.length > 0 ? `it holds ${out.otherKeys.join(', ')}` : 'it holds no key';
    out.problems.push({ kind: 'key-missing', fatal: true, detail: `the file has no ${CDJ_AAD_KEY} key (${found})` });
    return out;
  }
  const byName = new Map(key.values.map((v) => [v.name.toLowerCase(), v]));
  judgeValue('TenantId', byName.get('tenantid'), out);
  judgeValue('TenantName', byName.get('tenantname'), out);
  out.otherValues = key.values.map((v) => v.name).filter((n) => !['tenantid', 'tenantname'].includes(n.toLowerCase())).slice(0, 10);
  return out;
}

export interface TenantComparison {
  status: 'pass' | 'warn' | 'fail' | 'not-compared';
  /** The value that disagrees with the configured tenant. */
  mismatch?: 'TenantId' | 'TenantName';
  detail: string;
}

/** Compares usable registry values with the intended tenant (config, or the tenant the device shows). */
export function compareWithTenant(scp: ClientSideScp, tenant: { id?: string; name?: string } | undefined): TenantComparison {
  if (!tenant?.id && !tenant?.name) return { status: 'not-compared', detail: 'no intended tenant to compare with' };
  if (tenant.id && scp.tenantId && scp.tenantId !== tenant.id.toLowerCase()) {
    return { status: 'fail', mismatch: 'TenantId', detail: `TenantId ${scp.tenantId} is not the intended tenant ${tenant.id.toLowerCase()}` };
  }
  if (tenant.name && scp.tenantName && scp.tenantName !== tenant.name.toLowerCase()) {
    return { status: 'warn', mismatch: 'TenantName', detail: `TenantName ${scp.tenantName} differs from ${tenant.name.toLowerCase()}; fine only if it is a domain verified in the same tenant` };
  }
  if (tenant.id && !scp.tenantId) return { status: 'not-compared', detail: 'TenantId is not usable, so it could not be compared' };
  return { status: 'pass', detail: `TenantId${scp.tenantName ? ' and TenantName' : ''} match the intended tenant` };
}

/** What `diagnose --reg` concludes about the device's own registry export. */
export interface DeviceClientSideScp {
  file: string;
  /** The device has both values in CDJ\AAD, so it takes its tenant from them and does not read the AD SCP. */
  used: boolean;
  tenantId: string | null;
  tenantName: string | null;
  problems: ClientSideScpProblem[];
  /** What the values were compared with. */
  comparedWith: 'configuration' | 'device' | null;
  comparison: TenantComparison;
  status: 'pass' | 'warn' | 'fail' | 'not-used';
  text: string;
}

/**
 * Judges a device's `reg export` of CDJ\AAD: does the device use the client-side SCP, and do its values
 * name the intended tenant (the configuration's, else the one the device's dsregcmd output shows)?
 */
export function judgeDeviceClientSideScp(
  file: string,
  text: string,
  configTenant: { id?: string; name?: string } | undefined,
  deviceTenant: { id: string | null; name: string | null } | null,
): DeviceClientSideScp {
  const scp = readClientSideScp(text);
  const used = scp.values.TenantId !== undefined && scp.values.TenantName !== undefined;
  const fromDevice = deviceTenant?.id || deviceTenant?.name ? { ...(deviceTenant.id ? { id: deviceTenant.id } : {}), ...(deviceTenant.name ? { name: deviceTenant.name } : {}) } : undefined;
  const tenant = configTenant?.id || configTenant?.name ? configTenant : fromDevice;
  const comparedWith: DeviceClientSideScp['comparedWith'] = tenant === undefined ? null : tenant === configTenant ? 'configuration' : 'device';
  const comparison = compareWithTenant(scp, tenant);
  const base = { file, used, tenantId: scp.tenantId ?? null, tenantName: scp.tenantName ?? null, problems: scp.problems, comparedWith, comparison };
  if (!used) {
    const why = scp.problems.filter((p) => p.fatal).map((p) => p.detail).join('; ');
    return { ...base, status: 'not-used', text: `The device has no client-side SCP (${why || 'no TenantId and TenantName'}): it reads the AD SCP of its forest.` };
  }
  const fatal = scp.problems.filter((p) => p.fatal);
  if (fatal.length > 0) {
    return { ...base, status: 'fail', text: `The device uses the client-side SCP, but its values are not usable: ${fatal.map((p) => p.detail).join('; ')}.` };
  }
  const against = comparedWith === 'configuration' ? 'the configured tenant' : 'the tenant the device shows';
  const values = `TenantId ${scp.tenantId}, TenantName ${scp.tenantName}`;
  if (comparison.status === 'fail') return { ...base, status: 'fail', text: `The device uses the client-side SCP (${values}): ${comparison.detail} (${against}).` };
  if (comparison.status === 'warn') return { ...base, status: 'warn', text: `The device uses the client-side SCP (${values}): ${comparison.detail}.` };
  const tail = comparison.status === 'pass' ? `; they match ${against}` : ` (${comparison.detail})`;
  return { ...base, status: 'pass', text: `The device uses the client-side SCP (${values}) and does not read the AD SCP${tail}.` };
}
