import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { migrateV1 } from './migrate-v1.js';
import type { Artifacts } from './types.js';
import { UserError } from '../util/errors.js';
import { escapeJsonUnsafe, sanitizeInline } from '../util/sanitize.js';

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

/** The published schema (schema/bundle.schema.json, generated from the Bundle type), compiled on first use. */
let validator: ValidateFunction | undefined;
function bundleValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(new URL('../../schema/bundle.schema.json', import.meta.url), 'utf8')) as object;
    validator = new Ajv({ allErrors: false, strict: false }).compile(schema);
  }
  return validator;
}

/** The first schema violation as "at /artifacts/forests: must be array". */
function firstViolation(validate: ValidateFunction): string {
  const e = validate.errors?.[0];
  if (!e) return 'does not match the bundle schema';
  const where = e.instancePath === '' ? '(top level)' : e.instancePath;
  const extra = e.keyword === 'additionalProperties' || e.keyword === 'required' ? ` (${JSON.stringify(e.params)})` : '';
  return `at ${where}: ${e.message ?? 'is invalid'}${extra}`;
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
  const version = raw['artifacts']['schemaVersion'];
  if (version !== 1 && version !== 2) throw new UserError(`${source}: unsupported bundle schemaVersion ${sanitizeInline(String(version))} (this version reads 1 and 2)`);
  // A bundle saved by an older release is read in today's shape, so it evaluates with today's checks.
  const bundle = version === 1 ? { ...raw, artifacts: migrateV1(raw['artifacts']) } : raw;
  const validate = bundleValidator();
  if (!validate(bundle)) {
    throw new UserError(`${source} is not a valid bundle (schema/bundle.schema.json): ${sanitizeInline(firstViolation(validate))}`);
  }
  return bundle['artifacts'] as unknown as Artifacts;
}
