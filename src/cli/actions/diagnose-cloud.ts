import type { Settings } from '../../config/settings.js';
import type { DsregcmdStatus } from '../../derived/dsregcmd/types.js';
import { cloudLookupKey, diagnoseCloud, type CloudDiagnosis } from '../../derived/cloud-diagnosis.js';
import { assertCloudSignedIn, lookupCloudDevice, lookupCloudDevicesByName, prepareCloud } from '../../gather/cloud/index.js';

/**
 * `diagnose` with a `cloud` object in the config: looks the capture's DeviceId up in Graph (or, for a
 * device that is not joined, its host name) and explains a local/cloud mismatch. A failed sign-in is
 * one line and exit 2, as for the other commands.
 */
export async function diagnoseCloudHalf(settings: Settings, status: DsregcmdStatus, interactive: boolean): Promise<CloudDiagnosis | undefined> {
  if (!settings.graph) return undefined;
  const key = cloudLookupKey(status);
  if (!key) return diagnoseCloud(status, { key: null, devices: null });
  const inputs = { ...(await prepareCloud(settings.graph, settings.tenant?.id, interactive)), prompt: (m: string) => process.stderr.write(`${m}\n`) };
  const found = key.by === 'device-id' ? await lookupCloudDevice(inputs, key.key) : await lookupCloudDevicesByName(inputs, key.key);
  assertCloudSignedIn(found);
  return diagnoseCloud(status, { key, devices: found.devices });
}
