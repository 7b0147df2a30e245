import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../../src/artifacts/bundle.js';
// @ts-expect-error plain .mjs script without types
import { bundleSchemaText } from '../../../scripts/gen-bundle-schema.mjs';

const root = new URL('../../../', import.meta.url);
const demoText = readFileSync(new URL('demo/sample-bundle.json', root), 'utf8');

describe('bundle schema (schema/bundle.schema.json, generated from the Bundle type)', () => {
  it('is up to date with src/artifacts (regenerate: node scripts/gen-bundle-schema.mjs)', () => {
    expect(readFileSync(new URL('schema/bundle.schema.json', root), 'utf8')).toBe((bundleSchemaText as () => string)());
  }, 60_000);

  it('accepts the demo bundle and rejects a wrong shape with one line naming the place', () => {
    expect(parseBundle(demoText, 'demo').forests.length).toBeGreaterThan(0);
    const bad = JSON.parse(demoText) as { artifacts: Record<string, unknown> };
    bad.artifacts['forests'] = { name: 'contoso.com' };
    expect(() => parseBundle(JSON.stringify(bad), 'bad.json')).toThrow(/^bad\.json is not a valid bundle \(schema\/bundle\.schema\.json\): at \/artifacts\/forests: must be array$/);
    const noStage = JSON.parse(demoText) as { artifacts: { forests: Array<{ dcs: Array<Record<string, unknown>> }> } };
    noStage.artifacts.forests[0]!.dcs[0]!['port'] = 'ldap';
    expect(() => parseBundle(JSON.stringify(noStage), 'b.json')).toThrow(/at \/artifacts\/forests\/0\/dcs\/0\/port: must be number/);
  });

  it('accepts a bundle without the network half (the engine, not the loader, turns that into errors)', () => {
    const bundle = JSON.parse(demoText) as { artifacts: Record<string, unknown> };
    delete bundle.artifacts['network'];
    expect(parseBundle(JSON.stringify(bundle), 'n.json').network).toBeUndefined();
  });
});
