import { BINANCE_MARKETS, type BinanceMarket } from './markets.js';

/** The protocols a REST or WebSocket base URL may use. */
export const URL_PROTOCOLS = { rest: ['http:', 'https:'], ws: ['ws:', 'wss:'] } as const;

/**
 * Uppercases a symbol and checks its shape for the market, so a typo is a configuration error before anything
 * connects instead of an endless 400 loop; returns the exchange spelling, or a message saying what is wrong.
 */
export function checkSymbol(market: BinanceMarket, raw: string): { symbol: string } | { error: string } {
  const spec = BINANCE_MARKETS[market];
  const symbol = raw.trim().toUpperCase();
  if (spec.symbolPattern.test(symbol)) return { symbol };
  return { error: `${JSON.stringify(raw)} is not a ${market} symbol (expected something like ${spec.symbolExample})` };
}

/** Checks a snapshot depth against what the market's depth endpoint accepts; returns a message, or undefined when valid. */
export function checkSnapshotLimit(market: BinanceMarket, limit: number): string | undefined {
  const { allowedLimits, maxLimit } = BINANCE_MARKETS[market];
  if (allowedLimits === undefined) {
    return Number.isInteger(limit) && limit >= 1 && limit <= maxLimit ? undefined : `${market} snapshot limit must be an integer from 1 to ${maxLimit}, got ${limit}`;
  }
  return allowedLimits.includes(limit) ? undefined : `${market} snapshot limit must be one of ${allowedLimits.join(', ')}, got ${limit}`;
}

/** Parses a REST or WebSocket base URL and checks its scheme; returns the URL, or a message saying what is wrong. */
export function checkEndpointUrl(value: string, kind: keyof typeof URL_PROTOCOLS): { url: URL } | { error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `${JSON.stringify(value)} is not a URL` };
  }
  const protocols: readonly string[] = URL_PROTOCOLS[kind];
  if (!protocols.includes(url.protocol)) {
    return { error: `expected a ${protocols.map((p) => `${p}//`).join(' or ')} URL, got ${JSON.stringify(value)}` };
  }
  return { url };
}
