import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { withKeyTable } from '../../../scripts/gen-config-doc.mjs';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('docs/configuration.md', () => {
  it('has the key table of schema/config.schema.json (regenerate with: node scripts/gen-config-doc.mjs)', () => {
    const doc = read('docs/configuration.md');
    expect(withKeyTable(doc, JSON.parse(read('schema/config.schema.json')))).toBe(doc);
  });

  it('lists every key the schema knows', () => {
    const doc = read('docs/configuration.md');
    for (const key of ['`tenant.id`', '`forests[].name`', '`forests[].clientSideScp.regFile`', '`network.proxies`', '`concurrency.dcsPerForest`']) expect(doc).toContain(key);
  });
});
