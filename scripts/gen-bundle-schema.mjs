// Regenerates schema/bundle.schema.json from the Bundle type (src/artifacts/bundle.ts), so the type
// stays the one source of truth for the shape of a saved bundle:
//   node scripts/gen-bundle-schema.mjs          (write the file)
//   node scripts/gen-bundle-schema.mjs --check  (exit 1 if the file is out of date)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';
import { writeOrCheck } from './lib/generated-file.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'schema', 'bundle.schema.json');

export function bundleSchemaText() {
  const schema = createGenerator({
    path: join(root, 'src', 'artifacts', 'bundle.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: 'Bundle',
    // Newer tools may add fields: a bundle is refused for a wrong shape, not for extra evidence.
    additionalProperties: true,
    skipTypeCheck: true,
  }).createSchema('Bundle');
  schema.$id = 'https://haadj-preflight.invalid/schema/bundle.schema.json';
  schema.title = 'haadj-preflight bundle (gather --output)';
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeOrCheck(target, bundleSchemaText(), { root, script: 'scripts/gen-bundle-schema.mjs' });
}
