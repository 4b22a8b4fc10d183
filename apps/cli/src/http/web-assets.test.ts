import { existsSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ensureWebAssets, webAssetsStale } from '@lob/web/build';

const root = mkdtempSync(path.join(os.tmpdir(), 'lob-web-assets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ensureWebAssets: the page lob serve --http builds on start', () => {
  it('builds a missing page, then leaves an up-to-date one alone, and rebuilds one older than its sources', async () => {
    const out = path.join(root, 'dist');
    expect(await webAssetsStale(out)).toBe(true);
    expect(await ensureWebAssets(out)).toBe(out);
    for (const file of ['index.html', 'assets/app.js', 'assets/app.css']) expect(existsSync(path.join(out, file))).toBe(true);
    expect(await webAssetsStale(out)).toBe(false);
    const built = statSync(path.join(out, 'index.html')).mtimeMs;
    await ensureWebAssets(out);
    expect(statSync(path.join(out, 'index.html')).mtimeMs).toBe(built);
    // A build from before the sources' last change (as after a checkout) is stale.
    utimesSync(path.join(out, 'index.html'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(await webAssetsStale(out)).toBe(true);
    await ensureWebAssets(out);
    expect(await webAssetsStale(out)).toBe(false);
  }, 30_000);
});
