import { cloudDevices } from './cloud-devices.js';
import { cloudDrsPrincipal } from './cloud-drs-principal.js';
import type { Check } from './types.js';

/** The Entra ID checks (a `cloud` object in the config), in report order. */
export const CLOUD_CHECKS: readonly Check[] = [cloudDrsPrincipal, cloudDevices];
