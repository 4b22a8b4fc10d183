/** apps/web. */
export declare const WEB_ROOT: string;
/** Where the page is built: index.html and assets/. */
export declare const WEB_DIST: string;
/** Builds the page into `outdir` (default apps/web/dist); returns the files written, relative to it. */
export declare function buildWebAssets(outdir?: string): Promise<string[]>;
/** Whether the built page is missing or older than any of its sources. */
export declare function webAssetsStale(outdir?: string): Promise<boolean>;
/** Builds the page unless it is already up to date; returns the directory to serve. */
export declare function ensureWebAssets(outdir?: string): Promise<string>;
