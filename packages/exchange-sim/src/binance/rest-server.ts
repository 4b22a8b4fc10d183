import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatExchangeInfo } from './exchange-info.js';
import type { FaultState } from './faults.js';
import type { MarketRules } from './market-rules.js';
import { retryAfterSeconds, type WeightLimiter } from './weight-limiter.js';

/** Where depth snapshots come from (the generated true book, or a recording). */
export interface SnapshotSource {
  hasSymbol(symbol: string): boolean;
  /** The body for a depth request; `stale` asks for one older than the stream (stale-snapshot fault). */
  snapshotBody(symbol: string, limit: number, stale: boolean): string;
  /** A snapshot body was completely handed to the client. */
  onSnapshotServed(symbol: string): void;
}

/** The REST counters the server updates (a slice of the sim's stats). */
export interface RestCounters {
  snapshotRequests: number;
  snapshotRequestsBySymbol: Record<string, number>;
  requestsInRetryAfterWindow: number;
  rateLimited429: number;
  banned418: number;
}

export interface RestServerOptions {
  rules: MarketRules;
  limiter: WeightLimiter;
  faults: FaultState;
  source: SnapshotSource;
  counters: RestCounters;
  /** The simulator's clock: it dates every answer and decides which minute a request's weight counts in. */
  now: () => number;
  /** Every symbol exchangeInfo lists (the served ones and any merely listed). */
  listedSymbols: readonly string[];
}

// Binance's pattern for the symbol parameter: anything else is "illegal characters" (-1100), not "invalid symbol".
const SYMBOL_PARAM = /^[A-Z0-9-_.]{1,20}$/;

/**
 * Binance's REST market-data endpoints: depth (with weights, limits and faults), exchangeInfo, ping and time. Every
 * answer carries `Date` (the simulator's clock) and `X-MBX-USED-WEIGHT-1M` (weight used in its current minute).
 */
export class RestServer {
  private readonly pending = new Map<NodeJS.Timeout, ServerResponse>();

  constructor(private readonly options: RestServerOptions) {}

  /** Answers one HTTP request. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const { rules, limiter, counters } = this.options;
    const now = this.options.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isDepth = url.pathname === `${rules.restPrefix}/depth`;
    if (isDepth) {
      counters.snapshotRequests += 1;
      const symbol = url.searchParams.get('symbol');
      if (symbol) counters.snapshotRequestsBySymbol[symbol] = (counters.snapshotRequestsBySymbol[symbol] ?? 0) + 1;
    }
    const windowLeft = limiter.windowRemaining(now);
    if (windowLeft > 0) {
      // Knocking again inside a Retry-After window is what gets an IP banned.
      counters.requestsInRetryAfterWindow += 1;
      this.banned(res, windowLeft, now);
      return;
    }
    if (req.method !== 'GET') {
      this.json(res, 404, '{"code":-1,"msg":"Not found."}', now);
      return;
    }
    if (isDepth) this.depth(url, res, now);
    else if (url.pathname === `${rules.restPrefix}/exchangeInfo`) this.exchangeInfo(url, res, now);
    else if (url.pathname === `${rules.restPrefix}/ping`) this.light(res, '{}', now);
    else if (url.pathname === `${rules.restPrefix}/time`) this.light(res, `{"serverTime":${now}}`, now);
    else this.json(res, 404, '{"code":-1,"msg":"Not found."}', now);
  }

  /** Drops delayed answers (slow-snapshot) so the process can exit. */
  close(): void {
    for (const [timer, res] of this.pending) {
      clearTimeout(timer);
      res.destroy();
    }
    this.pending.clear();
  }

  private depth(url: URL, res: ServerResponse, now: number): void {
    const { rules, limiter, faults, source } = this.options;
    const symbol = url.searchParams.get('symbol');
    if (symbol === null || symbol === '') {
      this.error(res, 400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.", now);
      return;
    }
    if (!SYMBOL_PARAM.test(symbol)) {
      this.error(res, 400, -1100, "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'.", now);
      return;
    }
    if (!source.hasSymbol(symbol)) {
      this.error(res, 400, -1121, 'Invalid symbol.', now);
      return;
    }
    const limitText = url.searchParams.get('limit');
    let limit = rules.defaultLimit;
    if (limitText !== null) {
      if (!/^[0-9]{1,20}$/.test(limitText)) {
        this.error(res, 400, -1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.", now);
        return;
      }
      limit = Number(limitText);
    }
    const weight = rules.weightFor(limit);
    if (weight === undefined) {
      this.error(res, 400, -1130, "Data sent for parameter 'limit' is not valid.", now);
      return;
    }
    const ban = faults.takeRest('ban', symbol);
    if (ban) {
      limiter.openWindow(ban.durationMs, now);
      this.banned(res, ban.durationMs, now);
      return;
    }
    const rateLimit = faults.takeRest('rate-limit', symbol);
    if (rateLimit) {
      this.tooMany(res, rateLimit.durationMs, now);
      return;
    }
    const decision = limiter.tryConsume(weight, now);
    if (!decision.ok) {
      this.tooMany(res, decision.retryAfterMs, now);
      return;
    }
    if (faults.takeRest('server-error', symbol)) {
      this.error(res, 503, -1008, 'Server is currently overloaded with other requests. Please try again in a few minutes.', now);
      return;
    }
    const stale = faults.takeRest('stale-snapshot', symbol) !== undefined;
    // The snapshot is taken now; a slow answer is therefore also an older one, as with a slow real server.
    const body = source.snapshotBody(symbol, limit, stale);
    const send = () => {
      res.on('finish', () => source.onSnapshotServed(symbol));
      this.json(res, 200, body, this.options.now());
    };
    const slow = faults.takeRest('slow-snapshot', symbol);
    if (!slow) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      send();
    }, slow.durationMs);
    this.pending.set(timer, res);
  }

  private exchangeInfo(url: URL, res: ServerResponse, now: number): void {
    const { rules, limiter, listedSymbols } = this.options;
    // Spot filters by trading status (symbolStatus); every symbol here trades.
    const status = url.searchParams.get('symbolStatus');
    const symbols = status === null || status === 'TRADING' ? listedSymbols : [];
    this.light(res, formatExchangeInfo(rules, symbols, limiter.limitPerMinute, now), now, rules.exchangeInfoWeight);
  }

  private light(res: ServerResponse, body: string, now: number, weight = 1): void {
    const decision = this.options.limiter.tryConsume(weight, now);
    if (!decision.ok) this.tooMany(res, decision.retryAfterMs, now);
    else this.json(res, 200, body, now);
  }

  private tooMany(res: ServerResponse, retryAfterMs: number, now: number): void {
    const { limiter, counters } = this.options;
    counters.rateLimited429 += 1;
    limiter.openWindow(retryAfterMs, now);
    const seconds = retryAfterSeconds(retryAfterMs);
    const msg = `Too many requests; current limit of IP(127.0.0.1) is ${limiter.limitPerMinute} request weight per minute. Please use WebSocket Streams for live updates to avoid polling the API.`;
    this.error(res, 429, -1003, msg, now, { 'Retry-After': String(seconds) });
  }

  private banned(res: ServerResponse, retryAfterMs: number, now: number): void {
    this.options.counters.banned418 += 1;
    const until = now + retryAfterMs;
    const msg = `Way too many requests; IP(127.0.0.1) banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.`;
    this.error(res, 418, -1003, msg, now, { 'Retry-After': String(retryAfterSeconds(retryAfterMs)) });
  }

  private error(
    res: ServerResponse,
    status: number,
    code: number,
    msg: string,
    now: number,
    headers: Record<string, string> = {},
  ): void {
    this.json(res, status, `{"code":${code},"msg":${JSON.stringify(msg)}}`, now, headers);
  }

  private json(res: ServerResponse, status: number, body: string, now: number, headers: Record<string, string> = {}): void {
    const used = String(this.options.limiter.used(now));
    res.writeHead(status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': Buffer.byteLength(body),
      // Node would date the answer by the machine's clock; Binance dates it by the server's (1 s resolution).
      Date: new Date(now).toUTCString(),
      'X-MBX-USED-WEIGHT-1M': used,
      'X-MBX-USED-WEIGHT': used,
      ...headers,
    });
    res.end(body);
  }
}
