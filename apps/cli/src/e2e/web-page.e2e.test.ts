import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openBrowser, type BrowserSession } from './browser.test-support.js';
import { CliProcess, getJson } from './cli-process.test-support.js';

// Some functions below run in the page (page.evaluate). The CLI's TypeScript has no DOM types (adding the DOM lib
// would make them global to all its Node code), so the little of the DOM they use is declared here, in this module only.
interface PageElement {
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getBoundingClientRect(): Box;
}
interface Box {
  readonly top: number;
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  readonly body: PageElement;
  readonly documentElement: { readonly scrollWidth: number };
};
declare const window: Record<string, unknown>;
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: PageElement, options: { attributes: boolean; attributeFilter: string[] }): void;
  disconnect(): void;
}

/**
 * Where screenshots go: the README's own (apps/cli/docs) when LOB_SCREENSHOTS=1 asks to refresh them, else a
 * scratch directory, so a test run leaves the checkout as it was.
 */
const DOCS =
  process.env['LOB_SCREENSHOTS'] === '1' ? fileURLToPath(new URL('../../docs/', import.meta.url)) : `${mkdtempSync(path.join(os.tmpdir(), 'lob-shots-'))}/`;
const LEVELS = 10;

/** What the page shows of one book, read from the DOM in one synchronous step (one state of the card). */
interface PageBook {
  readonly key: string;
  readonly state: string | undefined;
  readonly updateId: string | undefined;
  readonly resyncs: string | undefined;
  readonly bids: [string, string][];
  readonly asks: [string, string][];
}

/** Reads every card. Runs in the page: the ladder's rows carry data-side, data-level, and the exact strings. */
function readCards(): PageBook[] {
  return [...document.querySelectorAll('[data-book]')].map((card) => {
    const side = (name: string): [string, string][] =>
      [...card.querySelectorAll(`tr[data-side="${name}"]`)]
        .sort((a, b) => Number(a.dataset.level) - Number(b.dataset.level))
        .map((row) => [row.querySelector('[data-price]')!.textContent!, row.querySelector('[data-qty]')!.textContent!]);
    return { key: card.dataset.book!, state: card.dataset.state, updateId: card.dataset.updateId, resyncs: card.dataset.resyncs, bids: side('bid'), asks: side('ask') };
  });
}

/**
 * Waits in the page for the next change of a card's update id (at most 2 s: a book out of sync has none), then reads
 * the cards at once: the freshest state, so GET /books read right after has the best chance of the same id.
 */
function readAfterNextUpdate(key: string): Promise<PageBook[]> {
  return new Promise((resolve) => {
    const card = document.querySelector(`[data-book="${key}"]`)!;
    const read = (): void => {
      observer.disconnect();
      clearTimeout(timer);
      resolve((window.__readCards as () => PageBook[])());
    };
    const observer = new MutationObserver(read);
    const timer = setTimeout(read, 2000);
    observer.observe(card, { attributes: true, attributeFilter: ['data-update-id'] });
  });
}

describe('the depth page in headless Chromium, against lob serve --demo --http 127.0.0.1:0 (a real process)', () => {
  let cli: CliProcess;
  let browser: BrowserSession | undefined;
  let base: string;
  let books: { market: string; symbol: string }[];

  beforeAll(async () => {
    // Random faults every 20 ticks (the demo's default is 50): a resync comes within seconds, so the test waits less.
    cli = CliProcess.start(['serve', '--demo', '--demo-fault-every', '20', '--http', '127.0.0.1:0']);
    base = await cli.httpUrl();
    books = (await getJson(`${base}/books`)).body.books;
    browser = await openBrowser({ width: 1366, height: 768 });
    await browser.page.goto(`${base}/`);
    await browser.page.addScriptTag({ content: `window.__readCards = ${readCards.toString()};` });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    cli?.kill();
  });

  it('shows every book live, with its ladder and update id', async () => {
    const page = browser!.page;
    expect(books.length).toBeGreaterThanOrEqual(2);
    await page.waitForFunction(
      (count) => {
        const cards = [...document.querySelectorAll('[data-book]')];
        return cards.length === count && cards.every((c) => c.dataset.state === 'live' && c.dataset.updateId !== undefined && [...c.querySelectorAll('tr[data-side]')].length > 0);
      },
      books.length,
      { timeout: 45_000 },
    );
    const cards = await page.evaluate(readCards);
    expect(cards.map((c) => c.key)).toEqual(books.map((b) => `${b.market}:${b.symbol}`));
    for (const card of cards) {
      expect(card.bids).toHaveLength(LEVELS);
      expect(card.asks).toHaveLength(LEVELS);
    }
    // Each card has its depth chart (uPlot draws on a canvas).
    expect(await page.locator('[data-book] .chart canvas').count()).toBe(books.length);
  }, 60_000);

  it('shows the same levels, as the same exact strings, as GET /books/... at the same update id', async () => {
    const page = browser!.page;
    for (const { market, symbol } of books) {
      const key = `${market}:${symbol}`;
      let matched = false;
      for (let attempt = 0; attempt < 100 && !matched; attempt++) {
        const shown = (await page.evaluate(readAfterNextUpdate, key)).find((c) => c.key === key)!;
        const served = (await getJson(`${base}/books/${market}/${symbol}?depth=${LEVELS}`)).body;
        if (shown.state !== 'live' || served.state !== 'live' || shown.updateId !== String(served.lastUpdateId)) continue;
        expect({ bids: shown.bids, asks: shown.asks }).toEqual({ bids: served.bids, asks: served.asks });
        matched = true;
      }
      expect([key, matched]).toEqual([key, true]);
    }
  }, 60_000);

  it('shows a resync the simulator injects: the resync count goes up on the page', async () => {
    const page = browser!.page;
    const before = Object.fromEntries((await page.evaluate(readCards)).map((c) => [c.key, Number(c.resyncs)]));
    const served = (await getJson(`${base}/status`)).body.books as { market: string; symbol: string; resyncs: number }[];
    for (const b of served) expect(before[`${b.market}:${b.symbol}`]).toBeLessThanOrEqual(b.resyncs);
    await page.waitForFunction(
      (counts) => [...document.querySelectorAll('[data-book]')].some((c) => Number(c.dataset.resyncs) > (counts[c.dataset.book!] ?? Infinity)),
      before,
      { timeout: 45_000, polling: 100 },
    );
    // The page's count is the server's: it never runs ahead of /status.
    const after = await page.evaluate(readCards);
    const now = (await getJson(`${base}/status`)).body.books as { market: string; symbol: string; resyncs: number }[];
    for (const card of after) expect(Number(card.resyncs)).toBeLessThanOrEqual(now.find((b) => `${b.market}:${b.symbol}` === card.key)!.resyncs);
  }, 60_000);

  it('lays the books out as a grid on a laptop and one column on a phone, and saves both screenshots', async () => {
    const page = browser!.page;
    mkdirSync(DOCS, { recursive: true });
    // Live by the stream (each card) and by /status (the header's count), so the pictures show a settled page.
    const live = async (): Promise<void> => {
      await page.waitForFunction(
        () => {
          const cards = [...document.querySelectorAll('[data-book]')];
          return cards.every((c) => c.dataset.state === 'live') && document.body.dataset.live === String(cards.length);
        },
        undefined,
        { timeout: 45_000 },
      );
    };
    const boxes = async (): Promise<Box[]> =>
      page.locator('[data-book]').evaluateAll((cards) =>
        cards.map((c) => {
          const { top, left, right, bottom, width } = (c as unknown as PageElement).getBoundingClientRect();
          return { top, left, right, bottom, width };
        }),
      );

    await live();
    const laptop = await boxes();
    expect(laptop[1]!.top).toBe(laptop[0]!.top);
    expect(laptop[1]!.left).toBeGreaterThan(laptop[0]!.right);
    await page.screenshot({ path: `${DOCS}web-page.png` });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.querySelector('[data-book]')!.getBoundingClientRect().width <= 390);
    await live();
    const phone = await boxes();
    expect(phone[1]!.left).toBe(phone[0]!.left);
    expect(phone[1]!.top).toBeGreaterThan(phone[0]!.bottom);
    for (const box of phone) expect(box.right).toBeLessThanOrEqual(390);
    // Nothing wider than the screen: no sideways scrolling on a phone, even with a level of very long decimals
    // (a venue may send 20 digits; the demo sometimes does), which scrolls inside its card instead.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const widened = await page.evaluate(() => {
      const cell = document.querySelector('[data-book] td') as unknown as { textContent: string };
      cell.textContent = '92233720368.547758079223372036854775807';
      return document.documentElement.scrollWidth;
    });
    expect(widened).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${DOCS}web-page-phone.png` });
  }, 60_000);

  it('logged no console error, page error or failed request all along', () => {
    expect(browser!.errors).toEqual([]);
  });
});
