import { readFileSync } from 'node:fs';
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
