import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startNatsServer, type NatsServer } from '@lob/nats-testing';
import { CliProcess, eventually, getJson } from './cli-process.test-support.js';
import { readAtSameId, sameTop, type TrueBookLike } from './truth.test-support.js';

/** Scrapes one sample's value from Prometheus text. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

/** Adds up a metric's samples over its labels. */
function total(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('lob serve --publish and lob mirror --from, real processes and a real nats-server (random faults on)', () => {
  let nats: NatsServer;
  let serve: CliProcess;
  let mirror: CliProcess | undefined;
  let serveBase: string;

  beforeAll(async () => {
    nats = await startNatsServer();
    serve = CliProcess.start(['serve', '--demo', '--demo-fault-every', '30', '--http', '127.0.0.1:0', '--pairs', 'btcusdt,ethusdt', '--publish', nats.url]);
    serveBase = await serve.httpUrl();
  }, 30_000);
  afterAll(async () => {
    serve.kill();
    mirror?.kill();
    await nats.stop();
  });

  it('serves every book of the venue on the bus equal to the simulator at the same update id, through resyncs', async () => {
    mirror = CliProcess.start(['mirror', '--from', nats.url, '--http', '127.0.0.1:0']);
    const mirrorBase = await mirror.httpUrl();
    const listed = await eventually(async () => {
      const books = (await getJson(`${mirrorBase}/books`)).body.books as { symbol: string; state: string }[];
      return books.length === 2 && books.every((b) => b.state === 'live') ? books : undefined;
    }, 20_000, 'both books live in the mirror');
    expect(listed.map((b) => b.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    // Checkpoints until lob's books went through the simulator's faults (a snapshot again after a resync) and after.
    const snapshotsTaken = async (): Promise<number> => total(await fetch(`${serveBase}/metrics`).then((r) => r.text()), 'lob_snapshots_fetched_total');
    const atStart = await snapshotsTaken();
    for (let checkpoint = 0; checkpoint < 3 || (await snapshotsTaken()) < atStart + 2; checkpoint++) {
      if (checkpoint > 60) throw new Error('no resync in a minute of faults');
      for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
        const truthAt = async (): Promise<TrueBookLike> => (await getJson(`${serveBase}/debug/truth/binance-spot/${symbol}?depth=5000`)).body;
        // The copy trails lob by the bus's latency, so meeting the simulator at one id takes more tries than lob does.
        const { ours, truth } = await readAtSameId(mirrorBase, 'binance-spot', symbol, truthAt, 2_000);
        // Every level the copy vouches for (its exactDepth, per side) is the exchange's.
        const vouched = Math.min(ours.exactDepth.bids, ours.exactDepth.asks);
        expect(vouched).toBeGreaterThan(0);
        expect(sameTop(ours, truth, vouched)).toBeUndefined();
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const metrics = (await fetch(`${serveBase}/metrics`).then((r) => r.text())) as string;
    expect(sample(metrics, 'lob_publish_messages_total')).toBeGreaterThan(0);
    expect(sample(metrics, 'lob_publish_dropped_total')).toBe(0);
    expect(sample(metrics, 'lob_publish_connected')).toBe(1);
  }, 90_000);

  it('refuses an address that is not a NATS URL, naming the flag', async () => {
    const bad = CliProcess.start(['mirror', '--from', 'http://127.0.0.1:4222']);
    const { code } = await bad.exited;
    expect(code).toBe(2);
    expect(bad.stderr).toMatch(/--from.*nats:\/\//s);
  }, 20_000);
});
