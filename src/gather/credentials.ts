import { readFile } from 'node:fs/promises';
import type { ForestSettings } from '../config/settings.js';
import { UserError } from '../util/errors.js';
import { promptHidden } from '../util/prompt.js';
import { registerSecret } from '../util/secrets.js';

/**
 * The bind password of a forest: from the environment variable or file the config names, or a
 * hidden prompt when interactive. Never logged; never stored in artifacts.
 */
export async function resolvePassword(forest: ForestSettings, interactive: boolean): Promise<string | undefined> {
  const password = await readPassword(forest, interactive);
  registerSecret(password);
  return password;
}

async function readPassword(forest: ForestSettings, interactive: boolean): Promise<string | undefined> {
  if (!forest.bindDn) return undefined;
  if (forest.passwordEnv) {
    const value = process.env[forest.passwordEnv];
    if (value !== undefined && value !== '') return value;
    if (!interactive) throw new UserError(`forest ${forest.name}: environment variable ${forest.passwordEnv} (passwordEnv) is not set`);
  }
  if (forest.passwordFile) {
    try {
      return (await readFile(forest.passwordFile, 'utf8')).replace(/\r?\n$/, '');
    } catch (err) {
      throw new UserError(`forest ${forest.name}: cannot read passwordFile ${forest.passwordFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (!interactive) {
    throw new UserError(`forest ${forest.name}: bindDn is set but no password source: set passwordEnv or passwordFile`);
  }
  return promptHidden(`Password for ${forest.bindDn} (${forest.name}): `);
}

/** Reads the forest's CA file; an unreadable or empty file is a one-line user error. */
export async function resolveExtraCa(forest: ForestSettings): Promise<string | undefined> {
  if (!forest.caFile) return undefined;
  let text: string;
  try {
    text = await readFile(forest.caFile, 'utf8');
  } catch (err) {
    throw new UserError(`forest ${forest.name}: cannot read caFile ${forest.caFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UserError(`forest ${forest.name}: caFile ${forest.caFile} holds no PEM certificate`);
  }
  return text;
}
