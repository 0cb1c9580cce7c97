// Fails when src/api/schema.d.ts is stale with respect to ../openapi/openapi.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(root, '../openapi/openapi.json');
const committed = resolve(root, 'src/api/schema.d.ts');

if (!existsSync(spec)) {
  console.error(`check:api: ${spec} not found`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'restrack-schema-'));
const fresh = join(dir, 'schema.d.ts');
try {
  const bin = resolve(root, 'node_modules/.bin/openapi-typescript');
  execFileSync(bin, [spec, '-o', fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
  const a = existsSync(committed) ? readFileSync(committed, 'utf8') : '';
  const b = readFileSync(fresh, 'utf8');
  if (a !== b) {
    console.error(
      'check:api: src/api/schema.d.ts is out of date with ../openapi/openapi.json.\n' +
        '           Run `npm run gen:api` in frontend/ and commit the result.',
    );
    process.exit(1);
  }
  console.log('check:api: src/api/schema.d.ts matches ../openapi/openapi.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
