import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Read from package.json so there is one source of truth. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
export const TOOL_NAME = 'haadj-preflight';
