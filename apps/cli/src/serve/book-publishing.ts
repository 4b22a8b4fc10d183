import { hostname } from 'node:os';
import { ConfigError } from '@lob/core';
import { BusError } from '@lob/nats-consumer';
import { BookPublisher } from '@lob/nats-publisher';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { NatsServers } from '../config/nats-servers.js';
import type { MarketSource } from '../feeds/market-source.js';
import type { BookChanges } from '../http/book-changes.js';
import { registerPublisherMetrics } from '../metrics/publisher-metrics.js';

/** This process's name on the bus: readers tell two instances' messages for one book apart by it. */
export function instanceName(): string {
  return `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Publishes every book of `sources` to NATS (`--publish`): connects (a server that cannot be reached at start is the
 * user's address: ConfigError naming the key), follows every change, logs the link's ups and downs and counts in
 * /metrics. Returns the publisher; close it on shutdown.
 */
export async function startPublishing(servers: NatsServers, sources: readonly MarketSource[], changes: BookChanges, registry: Registry, log: Logger): Promise<BookPublisher> {
  let publisher: BookPublisher;
  try {
    publisher = await BookPublisher.connect({
      servers,
      origin: instanceName(),
      onStatus: (status) => {
        const fields = { event: `publish-${status.kind}` };
        if (status.kind === 'reconnected' || status.kind === 'resumed') log.info(fields, status.message);
        else log.warn(fields, status.message);
      },
    });
  } catch (error) {
    if (error instanceof BusError && error.reason === 'unreachable') throw new ConfigError('invalid-value', `--publish: ${error.message}`, { key: '--publish' });
    throw error;
  }
  for (const source of sources) for (const view of source.books()) publisher.track(view, source.hasUpdateIds);
  changes.listen(publisher);
  registerPublisherMetrics(registry, publisher.stats);
  log.info({ event: 'publishing', servers }, `publishing every book to NATS JetStream at ${servers.join(', ')} (subjects lob.book.<venue>.<symbol>, snapshots in bucket lob-books)`);
  return publisher;
}
