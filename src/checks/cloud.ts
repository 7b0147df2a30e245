import { cloudDevices } from './cloud-devices.js';
import { cloudDrsPrincipal } from './cloud-drs-principal.js';
import type { Check } from './types.js';

/** The Entra ID checks (a `cloud` object in the config), in report order. Their ids start with `cloud-` (the renderers group them by it). */
export const CLOUD_CHECKS: readonly Check[] = [cloudDrsPrincipal, cloudDevices];
