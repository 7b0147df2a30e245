import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv';
import { UserError } from '../util/errors.js';
import { sanitizeInline } from '../util/sanitize.js';

/** Raised for a config value that is wrong: names the key path, e.g. `forests[0].tls`. */
export class ConfigError extends UserError {
  constructor(key: string, problem: string) {
    super(`config: ${key}: ${problem}`);
  }
}

const SCHEMA_URL = new URL('../../schema/config.schema.json', import.meta.url);

export function readConfigSchema(): object {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;
}

/** Names the schema text a generated validator was made from. */
export function schemaHash(): string {
  return createHash('sha256').update(readFileSync(SCHEMA_URL)).digest('hex');
}

/** The Ajv the schema is compiled with, here and by the build (scripts/gen-config-validator.mjs). */
export function configAjv(extra: Options = {}): Ajv {
  // Loaded on demand: a built run uses the generated code and never loads Ajv for the config.
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new AjvClass({ allErrors: false, strict: true, strictTypes: false, strictRequired: false, verbose: true, useDefaults: true, ...extra });
  ajv.addKeyword({ keyword: 'x-messages', schemaType: 'object' });
  ajv.addKeyword({ keyword: 'x-doc-default', schemaType: 'string' });
  return ajv;
}

/**
 * The validator the build generated (dist/config/config-validator.cjs: no compile at run time) when
 * it was made from this schema; otherwise (tests run from src/, or a build without the step) the
 * schema compiled on first use. It fills in the schema's `default`s.
 */
let validator: ValidateFunction | undefined;
function generatedValidator(): ValidateFunction | undefined {
  const path = fileURLToPath(new URL('./config-validator.cjs', import.meta.url));
  if (!existsSync(path)) return undefined;
  const mod = createRequire(import.meta.url)(path) as { default: ValidateFunction; schemaHash?: string };
  return mod.schemaHash === schemaHash() ? mod.default : undefined;
}
function configValidator(): ValidateFunction {
  validator ??= generatedValidator() ?? configAjv().compile(readConfigSchema());
  return validator;
}

/** `/forests/0/name` → `forests[0].name`; keys come from the file, so they are bounded and escaped. */
export function keyPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  if (parts.length === 0) return '(top level)';
  const path = parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
  return sanitizeInline(path.length > 200 ? `${path.slice(0, 200)}…` : path);
}

type Schema = Record<string, unknown>;

/** Default wording per keyword, when the schema node has no x-messages entry for it. */
function defaultMessage(e: ErrorObject): string {
  const types = String(e.params['type'] ?? '');
  if (e.keyword === 'type' && types === 'object') return 'must be an object';
  if (e.keyword === 'type' && types === 'array') return 'must be an array';
  if (e.keyword === 'type' && types === 'boolean') return 'must be true or false';
  if (e.keyword === 'type' && types === 'string') return 'must be a non-empty string';
  if (e.keyword === 'type' || e.keyword === 'minimum' || e.keyword === 'maximum') return 'must be a whole number from {min} to {max}';
  if (e.keyword === 'enum') return 'must be one of {allowed}';
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'additionalProperties') return 'unknown key (allowed: {allowed})';
  return 'is not valid here';
}

/** Fills {value} (bounded, escaped: only non-secret keys use it), {scheme}, {allowed}, {min}, {max}. */
function fill(template: string, e: ErrorObject): string {
  const parent = (e.parentSchema ?? {}) as Schema;
  const text = typeof e.data === 'string' ? e.data : '';
  const allowed = Array.isArray(parent['enum']) ? (parent['enum'] as string[]) : Object.keys((parent['properties'] as Schema | undefined) ?? {}).filter((k) => k !== '$schema');
  const values: Record<string, string> = {
    value: sanitizeInline(text.length > 100 ? `${text.slice(0, 100)}…` : text),
    scheme: (/^[A-Za-z][A-Za-z0-9+.-]{0,20}:/.exec(text)?.[0] ?? '').toLowerCase(),
    allowed: allowed.join(', '),
    min: String(parent['minimum'] ?? ''),
    max: String(parent['maximum'] ?? ''),
  };
  return template.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
}

/** One line naming the key, from Ajv's first error: `config: forests[0].name: is required`. */
export function schemaErrorToConfigError(e: ErrorObject): ConfigError {
  const own = ((e.parentSchema as Schema | undefined)?.['x-messages'] as Record<string, string> | undefined)?.[e.keyword];
  const message = fill(own ?? defaultMessage(e), e);
  if (e.keyword === 'required') return new ConfigError(keyPath(e.instancePath, String(e.params['missingProperty'])), message);
  if (e.keyword === 'additionalProperties') return new ConfigError(keyPath(e.instancePath, String(e.params['additionalProperty'])), message);
  return new ConfigError(keyPath(e.instancePath), message);
}

/**
 * Checks parsed config against the schema and fills in the schema's defaults (in place: pass a
 * copy). Throws a ConfigError naming the key of the first violation.
 */
export function assertConfigShape(raw: unknown): void {
  const validate = configValidator();
  if (!validate(raw)) {
    const first = validate.errors?.[0];
    throw first ? schemaErrorToConfigError(first) : new ConfigError('(top level)', 'does not match schema/config.schema.json');
  }
}
