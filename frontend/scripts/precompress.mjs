// Writes <file>.br (brotli, quality 11) and <file>.gz (gzip -9) next to every .js, .css, .svg, .html and .json
// file of the build bigger than 1 KB, for the server to send as they are (Content-Encoding) instead of
// compressing on each request: dist/assets/x.js → dist/assets/x.js.br, dist/assets/x.js.gz; dist/index.html → …
//   node scripts/precompress.mjs [dir]   (default: dist next to this script's folder; run by `npm run build`)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const EXTENSIONS = new Set(['.js', '.css', '.svg', '.html', '.json']);
const MIN_BYTES = 1024;

/** Every file under `dir`, recursively. */
function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Compresses the build in `dir`; returns what was written, for the report. */
export function precompress(dir) {
  const written = [];
  // `vite build` empties dist/ first, so no .br/.gz of an earlier build is left behind.
  for (const path of [...files(dir)]) {
    if (!EXTENSIONS.has(extname(path)) || !isCandidate(path)) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    written.push({ path: relative(dir, path), size: data.length, br: br.length, gz: gz.length });
  }
  return written;
}

const isCandidate = (path) => statSync(path).size > MIN_BYTES;

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? join(here, '..', 'dist'));
  const written = precompress(dir);
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  for (const f of written) console.log(`precompress: ${f.path.padEnd(40)} ${kb(f.size).padStart(10)}  br ${kb(f.br).padStart(9)}  gz ${kb(f.gz).padStart(9)}`);
  const sum = (key) => written.reduce((total, f) => total + f[key], 0);
  console.log(`precompress: ${written.length} files, ${kb(sum('size'))} → br ${kb(sum('br'))}, gz ${kb(sum('gz'))}`);
}
