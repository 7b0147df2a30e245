import type { Finding } from './report.js';
import type { Capture } from '../derived/dsregcmd/capture.js';

/**
 * What the fleet summary needs from an environment report (`check --format json`, or a bundle
 * evaluated by the engine): the forests with their domains, and the findings. Nothing else of the
 * artifacts is read, so the summary does not depend on how a bundle stores its evidence.
 */
export interface Environment {
  /** The file it came from (shown in the summary). */
  source: string;
  forests: Array<{ name: string; domains: string[] }>;
  findings: Finding[];
}

export type ForestMatch = { forest: string; by: 'dns' | 'netbios' } | null;

/** Lower-case DNS names of a forest: its name and every domain listed for it. */
function namesOf(f: Environment['forests'][number]): string[] {
  return [...new Set([f.name, ...f.domains].map((d) => d.toLowerCase()))];
}

export class ForestIndex {
  private readonly byDomain = new Map<string, string>();
  private readonly byLabel = new Map<string, string | null>();
  private readonly cache = new Map<string, ForestMatch>();

  constructor(forests: Environment['forests']) {
    for (const f of forests) {
      for (const d of namesOf(f)) {
        this.byDomain.set(d, f.name);
        // NetBIOS names are usually the first label of the domain's DNS name; a label two forests share is ambiguous.
        const label = (d.split('.')[0] ?? '').toUpperCase();
        this.byLabel.set(label, this.byLabel.has(label) && this.byLabel.get(label) !== f.name ? null : f.name);
      }
    }
  }

  /**
   * The forest of a device: its DNS domain or the nearest parent listed (a child domain `eu.contoso.com`
   * of a forest whose domain list was not read still belongs to `contoso.com`); else, from the NetBIOS name
   * alone, the forest with a domain whose first label is that name (marked `netbios`: inferred).
   */
  forestOf(c: Pick<Capture, 'dnsDomain' | 'netbios'>): ForestMatch {
    const key = `${c.dnsDomain ?? ''}|${c.netbios ?? ''}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const found = this.lookup(c);
    if (this.cache.size < 100_000) this.cache.set(key, found);
    return found;
  }

  private lookup(c: Pick<Capture, 'dnsDomain' | 'netbios'>): ForestMatch {
    if (c.dnsDomain !== null) {
      const labels = c.dnsDomain.split('.');
      for (let i = 0; i < labels.length - 1; i++) {
        const forest = this.byDomain.get(labels.slice(i).join('.'));
        if (forest !== undefined) return { forest, by: 'dns' };
      }
      return null;
    }
    if (c.netbios !== null) {
      const forest = this.byLabel.get(c.netbios);
      if (forest) return { forest, by: 'netbios' };
    }
    return null;
  }
}

const CODE_RE = /^0x[0-9a-f]{8}$/;

/** Every code a finding predicts: its codes and the alternative forms in its evidence. */
export function findingCodes(f: Finding): string[] {
  const alt = f.evidence['alternativeCodes'];
  const extra = Array.isArray(alt) ? alt.flatMap((a: unknown) => (Array.isArray(a) ? a.filter((c): c is string => typeof c === 'string' && CODE_RE.test(c)) : [])) : [];
  return [...f.codes, ...extra];
}

/** `http://Proxy:8080/` and `http://proxy:8080` are one path; `pac:` and `direct` compare as written (case-insensitive). */
export function proxyKey(p: string): string {
  const lower = p.trim().toLowerCase();
  if (lower === 'direct' || lower.startsWith('pac:')) return lower;
  return lower.replace(/^[a-z]+:\/\//, '').replace(/^[^@/]*@/, '').replace(/\/.*$/, '');
}

/** A failing finding the environment holds, ready to match against device groups. */
export interface Cause {
  check: string;
  title: string;
  message: string;
  forest: string | null;
  proxy: string | null;
  codes: Set<string>;
  /** How many findings of this check and subject were folded into this one (one per endpoint). */
  findings: number;
  /**
   * Forests whose name the finding's endpoint carries (`…/contoso.com/discover`, `?user=fabrikam.com`): a
   * tenant-specific probe explains only those forests' devices. Empty when the endpoint names none.
   */
  scope: string[];
}

/** The forests of the report named as a path segment or query value of an endpoint URL. */
export function forestsInEndpoint(endpoint: string | null, forests: readonly string[]): string[] {
  if (endpoint === null) return [];
  const tokens = new Set(endpoint.toLowerCase().split(/[/?&=#]/));
  return forests.filter((f) => tokens.has(f.toLowerCase()));
}

/**
 * The environment's failing findings that have a subject (a forest or a proxy path), one per check,
 * subject and forest scope. Findings without a subject (e.g. the tenants of all forests disagree) name
 * no devices, so they explain no group.
 */
export function causesOf(env: Environment): Cause[] {
  const names = env.forests.map((f) => f.name);
  const out = new Map<string, Cause>();
  for (const f of env.findings) {
    if (f.status !== 'fail' || (f.forest === null && f.proxy === null)) continue;
    const scope = forestsInEndpoint(f.endpoint, names);
    const key = `${f.check}|${f.forest ?? ''}|${f.proxy === null ? '' : proxyKey(f.proxy)}|${scope.join(',')}`;
    const prev = out.get(key);
    if (prev) {
      prev.findings++;
      for (const c of findingCodes(f)) prev.codes.add(c);
    } else {
      out.set(key, { check: f.check, title: f.title, message: f.message, forest: f.forest, proxy: f.proxy, codes: new Set(findingCodes(f)), findings: 1, scope });
    }
  }
  return [...out.values()];
}
