import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { parseJsonc } from '../../config/jsonc.js';
import { renderStarterConfig, type StarterAnswers } from '../../config/starter.js';
import { validateConfig } from '../../config/validate.js';
import { UserError } from '../../util/errors.js';
import type { InitCommandOptions } from '../commands/options.js';

const SCHEMA_PATH = fileURLToPath(new URL('../../../schema/config.schema.json', import.meta.url));

async function ask(answers: StarterAnswers): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const q = async (label: string, current?: string) => (await rl.question(`${label}${current ? ` [${current}]` : ''}: `)).trim() || current;
    answers.tenantId = await q('Entra tenant id (GUID)', answers.tenantId);
    answers.tenantName = await q('Verified domain of the tenant', answers.tenantName);
    const forests = await q('Forest root names, comma-separated', answers.forests.join(',') || undefined);
    answers.forests = (forests ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    answers.bindDn = await q('Read-only bind account (user@domain, empty for svc-preflight@<forest>)', answers.bindDn);
  } finally {
    rl.close();
  }
}

export async function runInit(opts: InitCommandOptions): Promise<number> {
  const output = opts.output;
  if (existsSync(output) && !opts.force) throw new UserError(`${output} exists; use --force to overwrite`);
  const answers: StarterAnswers = {
    tenantId: opts.tenantId,
    tenantName: opts.tenantName,
    forests: opts.forest ?? [],
    bindDn: opts.bindDn,
    schemaPath: SCHEMA_PATH,
  };
  if (process.stdin.isTTY && process.stderr.isTTY) await ask(answers);
  const text = renderStarterConfig(answers);
  validateConfig(parseJsonc(text)); // what we write must load
  await writeFile(output, text, { flag: opts.force ? 'w' : 'wx' });
  process.stderr.write(`wrote ${output}; edit it, then run: haadj-preflight check --config ${output}\n`);
  return 0;
}
