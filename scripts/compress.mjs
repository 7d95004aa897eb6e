// Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every file of the built PWA,
// so the server sends each compressed without compressing per request (tower-http's precompressed
// ServeDir). A copy that would not be smaller is not written. Usage: node scripts/compress.mjs dist
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2] ?? 'dist';
const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : [path];
});

let plain = 0, brotli = 0;
for (const path of files(root)) {
  if (path.endsWith('.br') || path.endsWith('.gz')) continue;
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  const gz = gzipSync(bytes, { level: 9 });
  if (br.length < bytes.length) writeFileSync(`${path}.br`, br);
  if (gz.length < bytes.length) writeFileSync(`${path}.gz`, gz);
  plain += bytes.length;
  brotli += Math.min(br.length, bytes.length);
}
console.log(`compressed ${root}/: ${(plain / 1024).toFixed(1)} KB plain, ${(brotli / 1024).toFixed(1)} KB brotli`);
