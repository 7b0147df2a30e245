import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';

export interface SampleBlock {
  index: number;
  header: string;
  text: string;
}

const FILE = fileURLToPath(new URL('../../fixtures/dsregcmd/status-samples.txt', import.meta.url));

/** The sample file split on its `=== SOURCE:` lines. */
export function loadSampleBlocks(): SampleBlock[] {
  const lines = readFileSync(FILE, 'utf8').split('\n');
  const blocks: SampleBlock[] = [];
  let current: SampleBlock | null = null;
  for (const line of lines) {
    if (line.startsWith('=== SOURCE:')) {
      current = { index: blocks.length, header: line, text: '' };
      blocks.push(current);
    } else if (current) {
      current.text += `${line}\n`;
    }
  }
  return blocks;
}

/** A full modern output (the Windows Server 2022 capture: all sections, a wrapped value, a prompt). */
export function fullSample(): string {
  const block = loadSampleBlocks().find((b) => b.header.includes('rcmlab-ws2022-s'));
  if (!block) throw new Error('sample missing');
  return block.text;
}

/** Pieces of real output and every kind of line the general code treats specially. */
export const PIECES = [
  ...fullSample().split('\n').slice(0, 80),
  `+${'-'.repeat(70)}+`, '+-----', '+----', '+=====+', '  +-+-+-+-+', '+------ x', '| Device State |', '| Diagnostic Data', '|', '||',
  'Waiting for Diagnostics Task to complete. This could take a few minutes...', 'waiting FOR diagnostics task to complete : x',
  'For more information, please visit https://www.microsoft.com/aadjerrorcode', 'Copyright (C) Microsoft Corporation. All rights reserved.',
  'Try the new cross-platform PowerShell https://aka.ms/pswindows', 'Windows PowerShell', 'PS C:\\Users\\admin> dsregcmd /status',
  '*Evil-WinRM* PS C:\\> x', 'C:\\>dsregcmd', '```', '   KeySignTest: : MUST Run elevated to test.', 'Name : : x', 'Name :: x', 'Name:x',
  '        AzureAdJoined : YES', 'AzureAdJoined:YES', ' A : ', 'a b c : d', `${'N'.repeat(60)} : v`, `${'N'.repeat(61)} : v`, `${'x'.repeat(95)}`,
  '   Name_with-chars 9 : v', '   Näme : v', '\u00a0 Name : v', 'Name\u00a0: v', 'Name :\u00a0v', 'Name : v\u00a0', '__proto__ : x', 'constructor : y',
  ' ', '', '\t', '\r', '\r\n', '\n', '\ufeff', '\u2028', ' : ', ':', 'https://x/y : z',
];

/** Real output with up to 12 edits: at a random place, `del` characters (0–3) replaced by one of `inserts`. */
export function editedSample(inserts: readonly string[]): fc.Arbitrary<string> {
  const text = fullSample();
  const edit = fc.tuple(fc.nat(text.length), fc.constantFrom(...inserts), fc.nat(3));
  return fc.array(edit, { maxLength: 12 }).map((edits) => {
    let t = text;
    for (const [at, ins, del] of edits) t = t.slice(0, at) + ins + t.slice(at + del);
    return t;
  });
}
