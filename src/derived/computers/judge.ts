import type { ComputerRecord, SyncScopeSettings } from '../../artifacts/inventory.js';
import type { CloudStatus } from '../cloud.js';
import { judgeCertificates, type CertificateStatus } from './certificate.js';
import { parentDn } from './dn.js';
import { judgeOs, type OsSupport } from './os.js';
import { codesOf, type Reason } from './reasons.js';
import { syncScopeOf, type SyncScopeVerdict } from './scope.js';

export type Verdict = 'ready' | 'joined' | 'pending' | 'not-started' | 'blocked' | 'excluded';
export const VERDICTS: readonly Verdict[] = ['ready', 'joined', 'pending', 'not-started', 'blocked', 'excluded'];

/** Whether the forest's own findings (SCP, network) explain why devices have not started. */
export interface EnvironmentHint {
  /** Failing or erroring SCP/network checks of that forest (ids), empty when none. */
  blockers: string[];
}

export interface JudgeContext {
  forest: string;
  domain: string;
  /** The run's clock (the artifact's collectedAt), ms since the epoch. */
  nowMs: number;
  staleDays: number;
  syncScope?: SyncScopeSettings;
  environment?: EnvironmentHint;
}

export interface ComputerVerdict {
  forest: string;
  domain: string;
  dn: string;
  ou: string;
  name: string | null;
  dnsHostName: string | null;
  objectGuid: string | null;
  operatingSystem: string | null;
  operatingSystemVersion: string | null;
  os: { support: OsSupport; detail: string };
  enabled: boolean;
  /** Last logon (lastLogonTimestamp, replicated with up to 14 days' lag), ISO-8601, null when never. */
  lastLogon: string | null;
  stale: boolean;
  certificate: { status: CertificateStatus; values: number; tooMany: boolean; detail: string };
  syncScope: SyncScopeVerdict;
  /** null: the cloud was not queried. */
  cloud: CloudStatus | null;
  /** Set when the cloud was queried but its device list could not be read (why): the verdict is the directory's alone. */
  cloudUnread?: string;
  /** true when the cloud was queried and has no device for this objectGUID. */
  notInCloud: boolean;
  verdict: Verdict;
  reasons: Reason[];
  codes: string[];
  /** Context that changes no verdict: unknown sync scope, what the forest's findings say, cloud detail. */
  notes: string[];
}

const UAC_ACCOUNTDISABLE = 0x2;
const DAY_MS = 86_400_000;
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

/** FILETIME (100 ns since 1601, decimal) → ms since 1970; undefined for 0, "never" or garbage. */
export function fileTimeToMs(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,20}$/.test(value)) return undefined;
  const ticks = BigInt(value);
  if (ticks === 0n || ticks >= 0x7fffffffffffffffn) return undefined;
  return Number(ticks / 10_000n - FILETIME_EPOCH_OFFSET_MS);
}

/** Generalized time `20261125081500.0Z` → ms; undefined when unreadable. */
export function generalizedTimeToMs(value: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(value ?? '');
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** Stale: no logon within staleDays; an object that never logged on is stale once it is older than that. */
function isStale(record: ComputerRecord, ctx: JudgeContext): { stale: boolean; lastLogonMs?: number } {
  const limit = ctx.nowMs - ctx.staleDays * DAY_MS;
  const lastLogonMs = fileTimeToMs(record.lastLogonTimestamp);
  if (lastLogonMs !== undefined) return { stale: lastLogonMs < limit, lastLogonMs };
  const created = generalizedTimeToMs(record.whenCreated);
  return { stale: created !== undefined && created < limit };
}

const OS_REASON: Partial<Record<OsSupport, Reason>> = {
  'down-level': 'os-down-level',
  'not-windows': 'os-not-windows',
  unsupported: 'os-unsupported',
  unknown: 'os-unknown',
  'domain-controller': 'domain-controller',
};

const CERT_REASON: Partial<Record<CertificateStatus, Reason>> = {
  none: 'certificate-none',
  expired: 'certificate-expired',
  'not-yet-valid': 'certificate-not-yet-valid',
  'wrong-subject': 'certificate-wrong-subject',
  unparsable: 'certificate-unparsable',
  'no-object-guid': 'object-guid-unreadable',
};

/** What blocks the object on the directory side (OS, scope, certificate), in a fixed order. */
function directoryReasons(os: OsSupport, scope: SyncScopeVerdict, cert: ReturnType<typeof judgeCertificates>): Reason[] {
  const reasons: Reason[] = [];
  const osReason = OS_REASON[os];
  if (osReason) reasons.push(osReason);
  if (scope === 'out') reasons.push('out-of-sync-scope');
  const certReason = CERT_REASON[cert.status];
  if (certReason) reasons.push(certReason);
  if (cert.tooMany) reasons.push('certificate-too-many');
  return reasons;
}

function notStartedNote(env: EnvironmentHint | undefined): string {
  if (!env) return 'the forest\'s SCP/network findings were not evaluated';
  return env.blockers.length
    ? `the forest's findings explain it: ${env.blockers.join(', ')}`
    : 'the forest\'s SCP/network findings do not explain it (the device may not have signed in or run its join task)';
}

/** Directory verdict after exclusions and the cloud: blocked, not-started or ready. */
function directoryVerdict(reasons: Reason[], notes: string[], ctx: JudgeContext): Verdict {
  const blockers = reasons.filter((r) => r !== 'certificate-none');
  if (blockers.length > 0) return 'blocked';
  if (reasons.includes('certificate-none')) {
    notes.push(notStartedNote(ctx.environment));
    return 'not-started';
  }
  return 'ready';
}

/** Maps what the cloud says: joined/not-compliant → joined, pending → pending, disabled → blocked; registered-only falls through. */
function cloudVerdict(cloud: CloudStatus, reasons: Reason[], notes: string[]): Verdict | undefined {
  notes.push(`cloud: ${cloud.state}${cloud.detail ? ` (${cloud.detail})` : ''}${cloud.dualState ? '; dual state (also Entra registered)' : ''}${cloud.duplicates > 0 ? `; ${cloud.duplicates} duplicate device object(s)` : ''}`);
  if (cloud.state === 'joined' || cloud.state === 'not-compliant') return 'joined';
  if (cloud.state === 'pending') return 'pending';
  if (cloud.state === 'disabled') {
    reasons.unshift('cloud-device-disabled');
    return 'blocked';
  }
  return undefined;
}

/** One computer → one verdict with every reason. Pure; `cloud` undefined = not queried, null = queried and absent. */
export function judgeComputer(record: ComputerRecord, ctx: JudgeContext, cloud?: CloudStatus | null): ComputerVerdict {
  const os = judgeOs(record.operatingSystem, record.operatingSystemVersion, record.userAccountControl);
  const cert = judgeCertificates(record, ctx.nowMs);
  const syncScope = syncScopeOf(record.dn, ctx.syncScope);
  const enabled = record.userAccountControl === undefined || (record.userAccountControl & UAC_ACCOUNTDISABLE) === 0;
  const { stale, lastLogonMs } = isStale(record, ctx);
  const notes: string[] = [];
  if (syncScope === 'unknown') notes.push('sync scope not configured: not judged');
  const dirReasons = directoryReasons(os.support, syncScope, cert);
  let reasons: Reason[];
  let verdict: Verdict;
  if (!enabled || stale) {
    // Listed apart, not counted as blockers: what would block it otherwise is a note.
    reasons = [...(enabled ? [] : ['disabled' as const]), ...(stale ? ['stale' as const] : [])];
    const blockers = dirReasons.filter((r) => r !== 'certificate-none');
    if (blockers.length) notes.push(`also: ${blockers.join(', ')}`);
    verdict = 'excluded';
  } else {
    reasons = [...dirReasons];
    const fromCloud = cloud ? cloudVerdict(cloud, reasons, notes) : undefined;
    verdict = fromCloud ?? directoryVerdict(reasons, notes, ctx);
    if (cloud === null && verdict === 'ready') notes.push('not in Entra ID yet: appears as Pending after the next Entra Connect sync');
  }
  if (verdict === 'joined' || verdict === 'pending') reasons = reasons.filter((r) => r !== 'certificate-none');
  const codes = verdict === 'blocked' ? codesOf(reasons) : [];
  return {
    forest: ctx.forest,
    domain: ctx.domain,
    dn: record.dn,
    ou: parentDn(record.dn),
    name: record.name ?? null,
    dnsHostName: record.dnsHostName ?? null,
    objectGuid: record.objectGuid ?? null,
    operatingSystem: record.operatingSystem ?? null,
    operatingSystemVersion: record.operatingSystemVersion ?? null,
    os,
    enabled,
    lastLogon: lastLogonMs === undefined ? null : new Date(lastLogonMs).toISOString(),
    stale,
    certificate: cert,
    syncScope,
    cloud: cloud ?? null,
    notInCloud: cloud === null,
    verdict,
    reasons,
    codes,
    notes,
  };
}
