import { ensureWebAssets } from '@lob/web/build';
import type { Logger } from 'pino';

/**
 * The directory of the built depth page, built first when missing or older than its sources (esbuild, about a
 * tenth of a second): `npx lob serve --http` and `nx run cli:serve --http` need no build step. A page that cannot be
 * built is not worth refusing the API for: the API serves without it, and the log says why.
 */
export async function webPageRoot(log: Pick<Logger, 'warn'>): Promise<string | undefined> {
  try {
    return await ensureWebAssets();
  } catch (error) {
    log.warn({ event: 'web-page-unavailable', err: (error as Error).message }, `the web page could not be built, the API serves without it: ${(error as Error).message}`);
    return undefined;
  }
}
