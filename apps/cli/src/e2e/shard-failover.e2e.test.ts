import { afterEach, describe, expect, it } from '@jest/globals';
import { BinanceSim } from '@lob/exchange-sim';
import { startNatsServer, type NatsServer } from '@lob/nats-testing';
import { checkIntervalFor, failoverBoundMs } from '@lob/shard-leases';
import { CliProcess, eventually, getJson } from './cli-process.test-support.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT', 'XRPUSDT', 'ADAUSDT'];
const TTL_MS = 3_000;
const BOUND_MS = failoverBoundMs({ ttlMs: TTL_MS, checkIntervalMs: checkIntervalFor(TTL_MS) });
/** A snapshot and its bridge on a loaded 2-core machine, on top of the bound. */
const RESYNC_SLACK_MS = 6_000;

let nats: NatsServer | undefined;
let sim: BinanceSim | undefined;
const clis: CliProcess[] = [];
afterEach(async () => {
  for (const cli of clis.splice(0)) cli.kill();
  await sim?.close();
  await nats?.stop();
  sim = nats = undefined;
});

function startInstance(natsUrl: string, venue: BinanceSim): CliProcess {
  const cli = CliProcess.start([
    'serve',
    '--market', 'spot',
    '--pairs', SYMBOLS.join(','),
    '--rest-url', venue.restUrl,
    '--ws-url', venue.wsUrl,
    '--shard', 'auto',
    '--publish', natsUrl,
    '--shard-ttl-ms', String(TTL_MS),
    '--http', '127.0.0.1:0',
    '--json',
  ]);
  clis.push(cli);
  return cli;
}

/** The symbols an instance serves live, by its own /books. */
async function liveSymbols(base: string): Promise<string[]> {
  const { body } = await getJson(`${base}/books`);
  return (body.books as { symbol: string; state: string }[]).filter((b) => b.state === 'live').map((b) => b.symbol).sort();
}

async function listedSymbols(base: string): Promise<string[]> {
  const { body } = await getJson(`${base}/books`);
  return (body.books as { symbol: string }[]).map((b) => b.symbol).sort();
}

describe('lob serve --shard auto: two instances share one exchange through NATS leases', () => {
  it('splits the symbols evenly, moves a killed instance\'s within the bound, gives a newcomer half, and takes a stopped one\'s at once', async () => {
    nats = await startNatsServer();
    sim = await BinanceSim.start({ market: 'spot', symbols: SYMBOLS.map((symbol) => ({ symbol })), seed: 5 });
    const a = startInstance(nats.url, sim);
    const b = startInstance(nats.url, sim);
    // Two processes starting at once on a loaded machine: more time than one gets.
    const listening = (cli: CliProcess): Promise<string> => cli.waitForLog((r) => r.event === 'http-listening', 40_000).then((r) => r.url as string);
    const [baseA, baseB] = await Promise.all([listening(a), listening(b)]);

    const split = await eventually(
      async () => {
        const [liveA, liveB] = await Promise.all([liveSymbols(baseA), liveSymbols(baseB)]);
        const [listedA, listedB] = await Promise.all([listedSymbols(baseA), listedSymbols(baseB)]);
        const even = liveA.length === 3 && liveB.length === 3 && listedA.length === 3 && listedB.length === 3;
        return even && [...liveA, ...liveB].sort().join() === [...SYMBOLS].sort().join() ? { liveA, liveB } : undefined;
      },
      30_000,
      'a 3/3 split, every symbol live on one instance',
    );
    // A book this instance does not hold is not served by it.
    expect((await getJson(`${baseA}/books/binance-spot/${split.liveB[0]}`)).status).toBe(404);

    const killedAt = Date.now();
    a.kill();
    await eventually(async () => ((await liveSymbols(baseB)).length === SYMBOLS.length ? true : undefined), BOUND_MS + RESYNC_SLACK_MS + 10_000, 'all six live on b');
    const failoverMs = Date.now() - killedAt;
    expect(failoverMs).toBeLessThan(BOUND_MS + RESYNC_SLACK_MS);
    expect(b.logs().some((r) => r.event === 'shard-acquired' && (r.symbols as string[]).length === 3)).toBe(true);

    // A new instance joins: b gives it half (stopping those books, restarting its others), every book live once.
    const c = startInstance(nats.url, sim);
    const baseC = await listening(c);
    await eventually(
      async () => {
        const [liveB, liveC] = await Promise.all([liveSymbols(baseB), liveSymbols(baseC)]);
        const [listedB, listedC] = await Promise.all([listedSymbols(baseB), listedSymbols(baseC)]);
        const even = liveB.length === 3 && liveC.length === 3 && listedB.length === 3 && listedC.length === 3;
        return even && [...liveB, ...liveC].sort().join() === [...SYMBOLS].sort().join() ? true : undefined;
      },
      30_000,
      'a 3/3 split between b and the newcomer c',
    );

    // b stops the orderly way: it hands its leases over at once, well before they could expire.
    const stoppedAt = Date.now();
    const { code } = await b.signal('SIGINT');
    expect(code).toBe(0);
    await eventually(async () => ((await liveSymbols(baseC)).length === SYMBOLS.length ? true : undefined), 20_000, 'all six live on c');
    expect(Date.now() - stoppedAt).toBeLessThan(TTL_MS + RESYNC_SLACK_MS);
    expect(c.logs().some((r) => r.event === 'shard-acquired' && (r.symbols as string[]).length === 3 && (r.time as number) >= stoppedAt)).toBe(true);
  }, 120_000);
});
