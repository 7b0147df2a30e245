/**
 * Which operating systems take part in the Windows 10+ hybrid join (facts §5 "Supported OS" and
 * "Unsupported"): Windows 10/11 clients and Windows Server 2016 (build 14393) and later. Down-level
 * Windows (7, 8.1, Server 2008 R2, 2012, 2012 R2) joins through the separate down-level package;
 * domain controllers are not supported; anything that is not Windows never joins.
 */
export type OsSupport = 'supported' | 'down-level' | 'domain-controller' | 'not-windows' | 'unsupported' | 'unknown';

export interface OsJudgement {
  support: OsSupport;
  /** One line naming what was found, e.g. "Windows Server 2012 R2 Standard 6.3 (9600): down-level". */
  detail: string;
}

/** userAccountControl SERVER_TRUST_ACCOUNT (a DC) and PARTIAL_SECRETS_ACCOUNT (an RODC). */
const UAC_SERVER_TRUST = 0x2000;
const UAC_PARTIAL_SECRETS = 0x04000000;
const SERVER_2016_BUILD = 14393;

function parseVersion(version: string | undefined): { major: number; minor: number; build?: number } | undefined {
  const m = /^\s*(\d+)\.(\d+)(?:\s*\((\d+)\))?/.exec(version ?? '');
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), ...(m[3] ? { build: Number(m[3]) } : {}) };
}

function downLevelByName(os: string): boolean {
  return /^windows (7|8\.1)\b/i.test(os) || /^windows server 2008 r2\b/i.test(os) || /^windows server 2012\b/i.test(os);
}

function judgeWindows(os: string, version: string | undefined): OsSupport {
  const server = /\bserver\b/i.test(os);
  const v = parseVersion(version);
  if (!v) {
    // No version: the product name alone decides, and only for names that leave no doubt.
    if (downLevelByName(os)) return 'down-level';
    if (!server && /^windows 1[01]\b/i.test(os)) return 'supported';
    if (server && /^windows server (2016|2019|2022|2025)\b/i.test(os)) return 'supported';
    return 'unknown';
  }
  if (v.major >= 10) {
    if (!server) return 'supported';
    if (v.build === undefined) return /^windows server (2016|2019|2022|2025)\b/i.test(os) ? 'supported' : 'unknown';
    return v.build >= SERVER_2016_BUILD ? 'supported' : 'unsupported';
  }
  // 6.1 = 7 / 2008 R2, 6.2 = 8 / 2012, 6.3 = 8.1 / 2012 R2. Windows 8 (not 8.1) is not in the down-level list.
  if (v.major === 6 && (v.minor === 1 || v.minor === 3)) return 'down-level';
  if (v.major === 6 && v.minor === 2 && server) return 'down-level';
  return 'unsupported';
}

export function judgeOs(operatingSystem: string | undefined, operatingSystemVersion: string | undefined, userAccountControl: number | undefined): OsJudgement {
  const label = [operatingSystem ?? '(no operatingSystem)', operatingSystemVersion].filter(Boolean).join(' ');
  if (userAccountControl !== undefined && (userAccountControl & (UAC_SERVER_TRUST | UAC_PARTIAL_SECRETS)) !== 0) {
    return { support: 'domain-controller', detail: `${label}: a domain controller (hybrid join does not support DCs)` };
  }
  if (!operatingSystem || operatingSystem.trim() === '') return { support: 'unknown', detail: 'no operatingSystem on the object: the OS cannot be judged' };
  if (!/^windows\b/i.test(operatingSystem.trim())) return { support: 'not-windows', detail: `${label}: not Windows, never hybrid-joins` };
  const support = judgeWindows(operatingSystem.trim(), operatingSystemVersion);
  const words: Record<OsSupport, string> = {
    supported: 'supported (Windows 10/11, Windows Server 2016 or later)',
    'down-level': 'down-level Windows: joins with the separate down-level package (autoworkplace), not this flow',
    'domain-controller': 'a domain controller',
    'not-windows': 'not Windows',
    unsupported: 'not supported for hybrid join (older than Windows 10 / Windows Server 2016)',
    unknown: 'the version cannot be judged',
  };
  return { support, detail: `${label}: ${words[support]}` };
}
