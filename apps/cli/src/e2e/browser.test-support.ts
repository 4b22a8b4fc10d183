import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium, installed by .ci/run where missing: no browser is downloaded at install time. */
export const CHROMIUM = process.env.LOB_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a closed network: without the background-networking ones Chromium tries to reach Google's services and
 * logs the failures; no sandbox because CI runs as root in a container.
 */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A headless Chromium with a fresh profile, one page, and every console error and page error it reports. */
export interface BrowserSession {
  readonly page: Page;
  /** `console.error` messages, failed requests and uncaught exceptions, as text. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Starts Chromium with a fresh profile directory (removed on close) and opens a page of the given viewport. */
export async function openBrowser(viewport: { width: number; height: number }): Promise<BrowserSession> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'lob-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport, timeout: 60_000 });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return {
    page,
    errors,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
