import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

describe('the built config validator (npm run build → dist/config/config-validator.cjs)', () => {
  it('exists and was generated from the current schema, so a run does not compile the schema', () => {
    const path = new URL('dist/config/config-validator.cjs', root);
    expect(existsSync(path)).toBe(true);
    const generated = createRequire(import.meta.url)(path.pathname) as { default: unknown; schemaHash: string };
    expect(typeof generated.default).toBe('function');
    expect(generated.schemaHash).toBe(createHash('sha256').update(readFileSync(new URL('schema/config.schema.json', root))).digest('hex'));
  });
});
