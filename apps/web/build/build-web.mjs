// Builds lob's depth page (apps/web/src) into apps/web/dist with esbuild. Plain JavaScript on purpose: `lob serve`
// runs its TypeScript through tsx, and the Nx target runs this file with bare node, so both use this one function.
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** apps/web. */
export const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the page is built: index.html and assets/. */
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

const SOURCES = [path.join(WEB_ROOT, 'src'), path.join(WEB_ROOT, 'index.html'), fileURLToPath(import.meta.url)];

/** Builds the page into `outdir` (default apps/web/dist); returns the files written, relative to it. */
export async function buildWebAssets(outdir = WEB_DIST) {
  const result = await esbuild.build({
    entryPoints: { app: path.join(WEB_ROOT, 'src', 'main.ts') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020'],
    sourcemap: 'linked',
    outdir: path.join(outdir, 'assets'),
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const html = await readFile(path.join(WEB_ROOT, 'index.html'));
  const files = [...result.outputFiles.map((f) => ({ file: f.path, contents: f.contents })), { file: path.join(outdir, 'index.html'), contents: html }];
  // Each file is written beside its final name and renamed over it: a server reading the page while another process
  // rebuilds it sees the old file or the new one, never half of one. index.html goes last: its time marks the build.
  for (const { file, contents } of files) {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, contents);
    await rename(temporary, file);
  }
  return files.map(({ file }) => path.relative(outdir, file));
}

/** Whether the built page is missing or older than any of its sources. */
export async function webAssetsStale(outdir = WEB_DIST) {
  let built;
  try {
    built = (await stat(path.join(outdir, 'index.html'))).mtimeMs;
  } catch {
    return true;
  }
  for (const source of SOURCES) if ((await newestMtime(source)) > built) return true;
  return false;
}

/** Builds the page unless it is already up to date; returns the directory to serve. */
export async function ensureWebAssets(outdir = WEB_DIST) {
  if (await webAssetsStale(outdir)) await buildWebAssets(outdir);
  return outdir;
}

async function newestMtime(file) {
  const info = await stat(file);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(file)) newest = Math.max(newest, await newestMtime(path.join(file, entry)));
  return newest;
}
