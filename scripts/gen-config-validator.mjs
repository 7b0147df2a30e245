// Build step (after tsc): compiles schema/config.schema.json once, with the Ajv the runtime uses
// (configAjv in src/config/schema.ts), into standalone code, dist/config/config-validator.cjs, so a
// run does not pay for Ajv's compile (~60 ms). Without that file (tests run from src/), the runtime
// compiles the schema itself; it also does when the schema changed since the build (schemaHash).
import { writeFileSync } from 'node:fs';
import standalone from 'ajv/dist/standalone/index.js';

const root = new URL('..', import.meta.url);
const { configAjv, readConfigSchema, schemaHash } = await import(new URL('dist/config/schema.js', root).href);
const ajv = configAjv({ code: { source: true } });
const generate = standalone.default ?? standalone;
const code = generate(ajv, ajv.compile(readConfigSchema()));
writeFileSync(new URL('dist/config/config-validator.cjs', root), `// Generated from schema/config.schema.json by scripts/gen-config-validator.mjs; do not edit.\n${code}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash())};\n`);
