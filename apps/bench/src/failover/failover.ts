import { NatsServerError, startNatsServer } from '@lob/nats-testing';
import { DEFAULT_TTL_MS, checkIntervalFor, failoverBoundMs } from '@lob/shard-leases';
import { startSimProcess } from '../api-load/children.js';
import { LobInstance, liveBooks } from './lob-instance.js';

/** The failover measure's name for --filter. */
export const FAILOVER_TASK = 'failover/shard-auto/kill-one';

/** How big and with which lease ttl: the quick run a smoke test (a 2 s ttl), the full one the default ttl. */
export interface FailoverPlan {
  readonly books: number;
  readonly ttlMs: number;
}

/** What the failover measure found; `skipped` says why there is no figure (no nats-server here). */
export type FailoverReport =
  | {
      readonly books: number;
      /** How many books the killed instance held (they had to move). */
      readonly moved: number;
      readonly ttlMs: number;
      readonly checkIntervalMs: number;
      /** ttl + check interval: the stated bound until the symbols are claimed elsewhere. */
      readonly boundMs: number;
      /** Kill → the survivor logged that it holds the dead instance's symbols. */
      readonly claimedMs: number;
      /** Kill → every one of them live (snapshot bridged) on the survivor. */
      readonly liveMs: number;
      /** Whether the claim came within the bound. */
      readonly pass: boolean;
    }
  | { readonly skipped: string };

/** The plan of a quick or a full run. */
export function failoverPlan(quick: boolean): FailoverPlan {
  return quick ? { books: 10, ttlMs: 2_000 } : { books: 40, ttlMs: DEFAULT_TTL_MS };
}

/** Scheduling on a busy machine: a claim this much past the bound still passes. */
const CLAIM_SLACK_MS = 1_000;

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`failover: ${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Failover: two `lob serve --shard auto` processes share a simulated Binance's books through leases in a real
 * nats-server; once they split the books and all are live, one is killed (SIGKILL), and the time is taken until its
 * books are claimed by the other and until they are all live there.
 */
export async function runFailover(plan: FailoverPlan, progress: (text: string) => void): Promise<FailoverReport> {
  let nats;
  try {
    nats = await startNatsServer();
  } catch (error) {
    if (error instanceof NatsServerError && error.reason === 'binary-missing') return { skipped: error.message };
    throw error;
  }
  const checkIntervalMs = checkIntervalFor(plan.ttlMs);
  const sim = await startSimProcess(plan.books, 100);
  const instances: LobInstance[] = [];
  try {
    const args = [
      '--market', 'spot',
      '--pairs', sim.symbols.join(','),
      '--rest-url', sim.restUrl,
      '--ws-url', sim.wsUrl,
      '--snapshot-limit', '100',
      '--shard', 'auto',
      '--publish', nats.url,
      '--shard-ttl-ms', String(plan.ttlMs),
      '--http', '127.0.0.1:0',
      '--json',
    ];
    progress(`failover: two lob instances sharing ${plan.books} books through NATS leases (ttl ${plan.ttlMs / 1000} s)`);
    const [victim, survivor] = [LobInstance.start(args), LobInstance.start(args)] as [LobInstance, LobInstance];
    instances.push(victim, survivor);
    const [victimUrl, survivorUrl] = await Promise.all([victim.httpUrl(60_000), survivor.httpUrl(60_000)]);
    const moving = await until('an even split, every book live', 60_000, async () => {
      const [v, s] = await Promise.all([liveBooks(victimUrl), liveBooks(survivorUrl)]);
      const even = Math.abs(v.length - s.length) <= 1 && v.length + s.length === plan.books && new Set([...v, ...s]).size === plan.books;
      return even ? v : undefined;
    });
    progress(`failover: killing the instance holding ${moving.length} books`);
    const killedAt = Date.now();
    await victim.end('SIGKILL');
    const claimed = await survivor.waitForLog((r) => r.event === 'shard-acquired' && r.time >= killedAt, plan.ttlMs * 3 + 30_000);
    await until('every moved book live on the survivor', 60_000, async () => {
      const live = new Set(await liveBooks(survivorUrl));
      return moving.every((s) => live.has(s)) ? true : undefined;
    });
    const liveMs = Date.now() - killedAt;
    const boundMs = failoverBoundMs({ ttlMs: plan.ttlMs, checkIntervalMs });
    const claimedMs = claimed.time - killedAt;
    return { books: plan.books, moved: moving.length, ttlMs: plan.ttlMs, checkIntervalMs, boundMs, claimedMs, liveMs, pass: claimedMs <= boundMs + CLAIM_SLACK_MS };
  } finally {
    await Promise.allSettled(instances.map((i) => i.end('SIGTERM')));
    await sim.stop();
    await nats.stop();
  }
}
