import { resolve } from 'node:path';
import type { Settings } from '../../config/settings.js';
import { readClientSideScp } from '../../derived/client-side-scp.js';
import { decodeDsregcmdBytes } from '../../derived/dsregcmd/decode.js';
import { UserError } from '../../util/errors.js';
import { sanitizeInline } from '../../util/sanitize.js';
import { readBoundedFile } from './dsregcmd-input.js';

const MAX_REG_BYTES = 1024 * 1024;

export interface DeviceReg {
  file: string;
  text: string;
  /** Both TenantId and TenantName are there: the device takes its tenant from the registry. */
  used: boolean;
}

/** `diagnose --reg FILE`: the device's export of CDJ\AAD, decoded. Unreadable → UserError (exit 2). */
export async function readDeviceReg(file: string | undefined): Promise<DeviceReg | undefined> {
  if (file === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(file, MAX_REG_BYTES);
  } catch (err) {
    throw new UserError(`cannot read ${sanitizeInline(file)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = decodeDsregcmdBytes(bytes);
  const scp = readClientSideScp(text);
  return { file, text, used: scp.values.TenantId !== undefined && scp.values.TenantName !== undefined };
}

/**
 * The device reads its tenant from the registry, not from AD: verify the forests as declared with
 * this export as their client-side SCP (unless the config already declares one).
 */
export function declareDeviceRegistry(settings: Settings, reg: DeviceReg): void {
  if (!reg.used) return;
  for (const f of settings.forests) f.clientSideScp ??= { regFile: reg.file, regFilePath: resolve(reg.file) };
}
