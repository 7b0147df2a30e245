import type { Artifacts } from './types.js';
import { UserError } from '../util/errors.js';
import { escapeJsonUnsafe } from '../util/sanitize.js';

export const BUNDLE_KIND = 'haadj-preflight-bundle';

export interface Bundle {
  kind: typeof BUNDLE_KIND;
  artifacts: Artifacts;
}

/** Serialises artifacts for `gather --output` (they hold no secrets by construction). */
export function serializeBundle(artifacts: Artifacts): string {
  const bundle: Bundle = { kind: BUNDLE_KIND, artifacts };
  return `${escapeJsonUnsafe(JSON.stringify(bundle, null, 2))}\n`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a saved bundle; anything that is not one is a one-line user error. */
export function parseBundle(text: string, source: string): Artifacts {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(raw) || raw['kind'] !== BUNDLE_KIND || !isObject(raw['artifacts'])) {
    throw new UserError(`${source} is not a haadj-preflight bundle (expected "kind": "${BUNDLE_KIND}"; create one with \`haadj-preflight gather --output\`)`);
  }
  const a = raw['artifacts'];
  if (a['schemaVersion'] !== 1) throw new UserError(`${source}: unsupported bundle schemaVersion ${String(a['schemaVersion'])} (this version reads 1)`);
  if (!Array.isArray(a['forests']) || !isObject(a['settings'])) throw new UserError(`${source}: bundle has no forests/settings`);
  return a as unknown as Artifacts;
}
