import { ConfigError, LobError, type Connector, type SnapshotGate } from '@lob/core';
import type { Logger } from 'pino';
import { closestMatches } from '../config/did-you-mean.js';
import type { ConfigPlace } from '../config/settings.js';

/** One market whose configured symbols are checked: its connector, and the limiter its feed will use. */
export interface CheckedMarket {
  readonly market: string;
  /** Configured symbols, in the exchange's spelling. */
  readonly symbols: readonly string[];
  readonly connector: Pick<Connector, 'listSymbols' | 'symbolListWeight'>;
  /**
   * The market's REST snapshot limiter: the listing has a weight, so it is paced and counted with the snapshots.
   * Undefined where snapshots come in the stream: the listing is then one unpaced request.
   */
  readonly limiter: SnapshotGate | undefined;
  /**
   * A listed symbol in the configured symbols' spelling, so both compare in the venue's spelling (Kraken's list says
   * XBT/USD where lob says BTC/USD). Default: as listed.
   */
  readonly spell?: (listed: string) => string;
  /** Where each symbol was written in the config file, when it was (not for `--pairs` or the venue's defaults). */
  readonly places?: Readonly<Record<string, ConfigPlace>>;
}

/** A configured symbol the exchange does not trade: why, and where it was written. */
interface UnlistedSymbol {
  readonly phrase: string;
  readonly place: ConfigPlace | undefined;
}

/** How to name the symbols' origin in the error: `--pairs`, or the config file's `symbols`. */
export interface SymbolCheckOptions {
  readonly key: string;
  /** Upper bound on the whole check, so start-up can never hang on it (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * Checks every venue's configured symbols against the symbols it trades (its connector's listSymbols: Binance's
 * exchangeInfo, OKX's instruments, Kraken's AssetPairs). A
 * symbol it does not trade rejects with one ConfigError naming it and its closest listed matches, before anything
 * streams; a list that cannot be fetched (network, timeout, non-200) is one warning, and the run goes on unchecked:
 * a symbol the exchange does not know then ends up `invalid` on its own.
 */
export async function checkListedSymbols(markets: readonly CheckedMarket[], log: Logger, options: SymbolCheckOptions): Promise<void> {
  const problems = (await Promise.all(markets.map((m) => unknownSymbols(m, log, options.timeoutMs ?? 30_000)))).flat();
  const first = problems[0];
  if (first === undefined) return;
  const placed = problems.filter((p) => p.place !== undefined);
  const unplaced = problems.filter((p) => p.place === undefined).map((p) => p.phrase);
  // A symbol written in the config file is named by its file, line and key, as every other config problem is.
  const lines = [
    ...placed.map(({ phrase, place }) => `${(place as ConfigPlace).file}${place?.line === undefined ? '' : `:${place.line}`}: ${place?.key}: ${phrase}`),
    ...(unplaced.length === 0 ? [] : [`${options.key}: ${unplaced.join('; ')}`]),
  ];
  const at = first.place;
  throw new ConfigError('invalid-value', lines.join('\n'), {
    key: at?.key ?? options.key,
    ...(at === undefined ? {} : { file: at.file }),
    ...(at?.line === undefined ? {} : { line: at.line }),
    ...(at?.column === undefined ? {} : { column: at.column }),
  });
}

/** What is wrong with one market's symbols, one per unknown symbol; none when the list cannot be had. */
async function unknownSymbols(m: CheckedMarket, log: Logger, timeoutMs: number): Promise<UnlistedSymbol[]> {
  const list = m.connector.listSymbols;
  if (list === undefined) return [];
  // A timer that holds the process open: nothing else does yet at start-up (AbortSignal.timeout's timer, the
  // limiter's and an HTTP client's idle socket do not), and an empty event loop would end `lob` mid-check.
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(new LobError('timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
  const signal = controller.signal;
  let listed: ReadonlySet<string>;
  try {
    const ask = () => list.call(m.connector, signal);
    const answer = await (m.limiter === undefined ? ask() : m.limiter.run(m.connector.symbolListWeight ?? 1, signal, ask));
    const spell = m.spell ?? ((s: string) => s);
    listed = new Set(answer.symbols.map((s) => spell(s)));
  } catch (error) {
    const why = error instanceof LobError ? `${error.reason}: ${error.message}` : String(error);
    log.warn({ market: m.market, event: 'symbol-check-skipped', reason: why }, `${m.market}: cannot list the exchange's symbols (${why}); going on without checking them`);
    return [];
  } finally {
    clearTimeout(deadline);
  }
  return m.symbols
    .filter((symbol) => !listed.has(symbol))
    .map((symbol) => {
      const near = closestMatches(symbol, listed);
      const article = /^[aeiou]/i.test(m.market) ? 'an' : 'a';
      const phrase = `${symbol} is not ${article} ${m.market} symbol the exchange trades${near.length === 0 ? '' : ` (did you mean ${near.join(' or ')}?)`}`;
      return { phrase, place: m.places?.[symbol] };
    });
}
