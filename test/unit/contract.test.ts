import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { checkGroup } from '../../src/checks/types.js';
import { evaluate } from '../../src/engine/run.js';
import { reportValidator } from '../support/schema.js';
import { artifacts, dc, forest } from './checks/build.js';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');


describe('check registry contract', () => {
  const ids = CHECKS.map((c) => c.meta.id);

  it('ids are unique kebab-case', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(ids)('%s has its source file, a test mention and a doc page', (id) => {
    expect(existsSync(new URL(`src/checks/${id}.ts`, root)), `src/checks/${id}.ts`).toBe(true);
    expect(existsSync(new URL(`docs/checks/${id}.md`, root)), `docs/checks/${id}.md`).toBe(true);
    const doc = read(`docs/checks/${id}.md`);
    expect(doc).toContain(`# ${id}`);
    const tests = readdirSync(new URL('test/', root), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => read(`test/${f}`));
    expect(tests.some((t) => t.includes(`'${id}'`)), `a test names '${id}'`).toBe(true);
  });

  it('every check file in src/checks/ is registered under its file name (an unregistered check fails here)', async () => {
    const files = readdirSync(new URL('src/checks/', root)).filter((f) => f.endsWith('.ts'));
    const found: string[] = [];
    for (const file of files) {
      const mod = (await import(new URL(`src/checks/${file}`, root).href)) as Record<string, unknown>;
      for (const value of Object.values(mod)) {
        const meta = (value as { meta?: { id?: unknown }; run?: unknown } | null)?.meta;
        if (typeof meta?.id !== 'string' || typeof (value as { run?: unknown }).run !== 'function') continue;
        found.push(meta.id);
        expect(file, `check ${meta.id} lives in ${file}`).toBe(`${meta.id}.ts`);
        expect(CHECKS.some((c) => c === value), `${meta.id} (src/checks/${file}) is not in the registry src/checks/index.ts`).toBe(true);
      }
    }
    expect(found.sort()).toEqual([...ids].sort());
  });

  it('every check needs a section, and the first one gives it a group', () => {
    for (const c of CHECKS) expect(['directory', 'network', 'cloud'], c.meta.id).toContain(checkGroup(c.meta));
    expect(() => checkGroup({ needs: [] })).toThrow();
  });

  it('every code a check can predict is lower-case 0x + 8 hex digits', () => {
    for (const c of CHECKS) for (const code of c.meta.codes) expect(code).toMatch(/^0x[0-9a-f]{8}$/);
  });
});

describe('JSON report contract', () => {
  it('a report with every status validates against schema/report.schema.json', () => {
    const a = artifacts([
      forest('contoso.test', [dc('dc1.contoso.test'), dc('dc2.contoso.test', { scp: null })]),
      forest('fabrikam.test', [dc('dead', { failure: { stage: 'connect', code: 'ECONNREFUSED', message: 'refused' }, container: undefined, scp: undefined, rootDse: undefined })]),
    ]);
    const report = JSON.parse(JSON.stringify(evaluate(a, CHECKS)));
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const statuses = new Set(report.findings.map((f: { status: string }) => f.status));
    expect([...statuses].sort()).toEqual(['error', 'fail', 'pass', 'skip']);
  });

  it('the validator rejects a report that breaks the contract', () => {
    const validate = reportValidator();
    expect(validate({ schemaVersion: 1, findings: [] })).toBe(false);
  });
});
