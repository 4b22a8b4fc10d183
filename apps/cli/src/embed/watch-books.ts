import { ConfigError, type BookView } from '@lob/core';
import { pino } from 'pino';
import { closestMatches } from '../config/did-you-mean.js';
import { BOOK_KINDS, type BookKind } from '../config/markets.js';
import { quoteValue } from '../config/quote-value.js';
import { DEFAULT_DEMO_FAULT_EVERY, resolveSettings, type MarketSettings, type ServeFlags } from '../config/settings.js';
import { startDemoExchange, type DemoExchange } from '../serve/demo-exchange.js';
import { createMarketFeeds, type RunningMarket } from '../serve/market-feeds.js';
import { checkListedSymbols } from '../serve/symbol-check.js';
import { VENUE_INPUTS, describeVenues, findVenue, listedSpelling } from '../venues/registry.js';
import { FeedWatch, type BookWatch } from './book-watch.js';
import { WatchError } from './watch-error.js';

/** What to watch, and how; only `venue` and `symbols` are required. */
export interface WatchBooksOptions {
  /** A venue's name or alias, any case: "binance-spot" (or "spot"), "usdm", "okx", "kraken", "bybit-linear", ... */
  readonly venue: string;
  /** Symbols as a user types them, any case, in the venue's spelling: "btcusdt", "BTC-USDT-SWAP", "BTC/USD". */
  readonly symbols: readonly string[];
  /** Levels per side in each view, or "all" (default 10); never deeper than the book is exact. */
  readonly depth?: number | 'all';
  /** The order book structure (default: the venue's, packed on Binance and chunked elsewhere). */
  readonly book?: BookKind;
  /** Endpoint overrides (default: the venue's live endpoints). */
  readonly restUrl?: string;
  readonly wsUrl?: string;
  /**
   * Runs the venue's simulator in this process, on a free 127.0.0.1 port, and watches it instead of the exchange: the
   * same one `lob serve --demo` runs, random faults included unless `faultEveryTicks` is 0.
   */
  readonly demo?: boolean | { readonly faultEveryTicks?: number; readonly seed?: number };
  /** Aborting it closes the watch (or, while starting, rejects with a WatchError `aborted`). */
  readonly signal?: AbortSignal;
}

/** The view depth when none is asked for: the terminal view's. */
const DEFAULT_WATCH_DEPTH = 10;

/** Flag names in resolveSettings' messages, as the options here are called. */
const OPTION_OF_FLAG: Readonly<Record<string, string>> = { '--pairs': 'symbols', '--rest-url': 'restUrl', '--ws-url': 'wsUrl', '--market': 'venue' };

/**
 * Keeps exact local copies of one venue's order books and hands out their states: `for await (const book of watch)`
 * yields each book's newest state as it changes (a slow loop skips the states it had no time for, never gets an older
 * one after a newer one); only `live` books carry levels. Rejects with a WatchError before anything streams when the
 * venue, a symbol (checked against the venue's listing, as `lob serve` does) or an option is wrong.
 */
export async function watchBooks(options: WatchBooksOptions): Promise<BookWatch> {
  const { signal } = options;
  const aborted = (): WatchError => new WatchError('aborted', 'watchBooks: aborted before the books started', 'signal', { cause: signal?.reason });
  if (signal?.aborted) throw aborted();
  const { market, depth } = checkOptions(options);

  let demo: DemoExchange | undefined;
  let running: RunningMarket | undefined;
  const release = async (): Promise<void> => {
    running?.feed.stop();
    await Promise.allSettled([running?.connector.close(), demo?.close()]);
  };
  // The watch exists before the feed so the feed's hooks have somewhere to report from its first event on.
  let watch: FeedWatch | undefined;
  try {
    let markets: readonly MarketSettings[] = [market];
    if (options.demo !== undefined && options.demo !== false) {
      const { faultEveryTicks = DEFAULT_DEMO_FAULT_EVERY, seed = Date.now() % 1_000_000 } = options.demo === true ? {} : options.demo;
      demo = await startDemoExchange(markets, { faultEveryTicks, seed });
      markets = demo.markets;
    }
    [running] = createMarketFeeds(markets, {
      onEvent: (event) => {
        if (event.kind === 'book') watch?.event(event);
      },
      onUpdate: (view: BookView) => watch?.changed(view.symbol),
    });
    const r = running as RunningMarket;
    watch = new FeedWatch(r.feed, depth, release);
    const log = pino({ level: 'silent' });
    await checkListedSymbols(
      [{ market: r.settings.market, symbols: r.settings.symbols, connector: r.connector, limiter: r.feed.limiter, spell: listedSpelling(r.settings.market) }],
      log,
      { key: 'symbols' },
    ).catch((error: unknown) => {
      throw error instanceof ConfigError ? new WatchError('unknown-symbol', error.message, 'symbols', { cause: error }) : error;
    });
    if (signal?.aborted) throw aborted();
    r.feed.start();
  } catch (error) {
    await release();
    // A connector refusing its options (a URL of the wrong shape, say) is the options' fault too.
    throw error instanceof ConfigError ? new WatchError('invalid-option', error.message, error.location.key, { cause: error }) : error;
  }
  const started = watch;
  signal?.addEventListener('abort', () => void started.close(), { once: true });
  return started;
}

/** The venue's settings and view depth the options mean, or a WatchError naming the option at fault. */
function checkOptions(options: WatchBooksOptions): { market: MarketSettings; depth: number } {
  const venue = findVenue(String(options.venue));
  if (venue === undefined) {
    const hint = closestMatches(String(options.venue).trim().toLowerCase(), VENUE_INPUTS, 1)[0];
    const near = hint === undefined ? '' : ` (did you mean ${hint}?)`;
    throw new WatchError('unknown-venue', `venue: ${quoteValue(String(options.venue))} is not a venue; venues: ${describeVenues()}${near}`, 'venue');
  }
  const depth = options.depth === undefined ? DEFAULT_WATCH_DEPTH : options.depth === 'all' ? Infinity : options.depth;
  if (!Number.isInteger(depth) && depth !== Infinity) throw new WatchError('invalid-option', `depth: a whole number of levels or "all", got ${quoteValue(String(options.depth))}`, 'depth');
  if (depth < 1) throw new WatchError('invalid-option', `depth: at least 1 level, got ${depth}`, 'depth');
  if (options.book !== undefined && !BOOK_KINDS.includes(options.book)) {
    throw new WatchError('invalid-option', `book: one of ${BOOK_KINDS.join(', ')}, got ${quoteValue(String(options.book))}`, 'book');
  }
  if (typeof options.demo === 'object') {
    for (const key of ['faultEveryTicks', 'seed'] as const) {
      const value = options.demo[key];
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new WatchError('invalid-option', `demo.${key}: a whole number >= 0, got ${quoteValue(String(value))}`, `demo.${key}`);
    }
  }
  if (!Array.isArray(options.symbols) || options.symbols.length === 0) throw new WatchError('invalid-option', 'symbols: name at least one symbol', 'symbols');
  const flags: ServeFlags = {
    market: venue.name,
    pairs: options.symbols.map(String),
    ...(options.book === undefined ? {} : { book: options.book }),
    ...(options.restUrl === undefined ? {} : { restUrl: options.restUrl }),
    ...(options.wsUrl === undefined ? {} : { wsUrl: options.wsUrl }),
    ...(options.demo === undefined || options.demo === false ? {} : { demo: true }),
  };
  try {
    const [market] = resolveSettings(flags, undefined).markets;
    return { market: market as MarketSettings, depth };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // resolveSettings speaks in flags; the caller wrote options.
    const flag = error.location.key ?? '';
    const key = OPTION_OF_FLAG[flag] ?? flag;
    const message = error.message.startsWith(`${flag}: `) ? `${key}: ${error.message.slice(flag.length + 2)}` : error.message;
    throw new WatchError(key === 'symbols' ? 'unknown-symbol' : 'invalid-option', message.replace(/--rest-url/g, 'restUrl').replace(/--ws-url/g, 'wsUrl'), key, { cause: error });
  }
}
