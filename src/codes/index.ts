export { CATALOG } from './catalog.js';
export type { CodeEntry, CodePhase } from './types.js';
export { CODE_PHASES } from './types.js';
export { normalizeCode, lookupCode, lookupName, describeCode, suggestNear } from './lookup.js';
export type { ParsedCode, NormalizeResult, NearMatch } from './lookup.js';
export { toHex, hexToSigned, hexToUnsigned, normalizeHex } from './hresult.js';
