import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoundedStdin, readDsregcmdInput } from '../../../src/cli/actions/dsregcmd-input.js';
import { parseToJson } from '../../../src/cli/actions/dsregcmd-parse.js';
import { runDsregcmdSummarize } from '../../../src/cli/actions/dsregcmd-summarize.js';
import { UserError } from '../../../src/util/errors.js';
import { fullSample } from './samples.js';

describe('dsregcmd parse action', () => {
  it('prints the model as two-space JSON with the contract fields', () => {
    const json = parseToJson(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fullSample(), 'utf16le')]));
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toContain('\n  "joinState": "domain-joined",\n');
    const parsed = JSON.parse(json);
    expect(parsed).toMatchObject({ joinState: 'domain-joined', errorPhase: 'discover', clientErrorCode: '0x801c001d', serverErrorCode: null, context: 'system' });
    expect(parsed.sections['Device State'].DomainName).toBe('RCMLAB');
  });
});

describe('dsregcmd input reading', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'haadj-input-'));
    writeFileSync(join(dir, 'ok.txt'), 'AzureAdJoined : YES\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file', async () => {
    expect((await readDsregcmdInput(join(dir, 'ok.txt'))).toString()).toBe('AzureAdJoined : YES\n');
  });

  it('turns a missing file or a directory into a UserError', async () => {
    await expect(readDsregcmdInput(join(dir, 'nope.txt'))).rejects.toThrow(UserError);
    await expect(readDsregcmdInput(join(dir, 'nope.txt'))).rejects.toThrow(/no such file/);
    await expect(readDsregcmdInput(dir)).rejects.toThrow(/is a directory/);
  });

  it('bounds standard input', async () => {
    const small = await readBoundedStdin(Readable.from([Buffer.from('abc'), Buffer.from('def')]), 10);
    expect(small.toString()).toBe('abcdef');
    await expect(readBoundedStdin(Readable.from([Buffer.alloc(6), Buffer.alloc(6)]), 10)).rejects.toThrow(UserError);
  });

  it('summarize refuses when nothing at all is readable', async () => {
    await expect(runDsregcmdSummarize([join(dir, 'missing')], {})).rejects.toThrow(/nothing to summarize/);
    // @ts-expect-error a caller outside commander can still pass an unknown format
    await expect(runDsregcmdSummarize([dir], { format: 'xml' })).rejects.toThrow(UserError);
  });
});
