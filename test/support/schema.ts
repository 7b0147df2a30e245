import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/** A compiled validator for schema/report.schema.json (the JSON report contract). */
export function reportValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')));
}

/** A compiled validator for schema/computers.schema.json (`computers --format json`). */
export function computersValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(readFileSync(new URL('../../schema/computers.schema.json', import.meta.url), 'utf8')));
}
