import type { PublisherStats } from '@lob/nats-publisher';
import type { Registry } from 'prom-client';
import { registerScraped } from './scraped-metric.js';

/** The NATS publisher's figures, read at scrape time: what went out, what was dropped (never silently), the link. */
export function registerPublisherMetrics(registry: Registry, stats: Readonly<PublisherStats>): void {
  const metric = (kind: 'counter' | 'gauge', name: string, help: string, read: () => number): void =>
    registerScraped(registry, kind, name, help, [], (put) => put({}, read()));
  metric('counter', 'lob_publish_messages_total', 'Book messages NATS JetStream acknowledged', () => stats.published);
  metric('counter', 'lob_publish_bytes_total', 'Bytes of book messages NATS JetStream acknowledged', () => stats.bytes);
  metric('counter', 'lob_publish_dropped_total', 'Book messages dropped while NATS was away or behind (the book is sent whole after)', () => stats.dropped);
  metric('gauge', 'lob_publish_in_flight', 'Book messages sent and not yet acknowledged', () => stats.inFlight);
  metric('counter', 'lob_publish_snapshots_total', 'Snapshots stored in the lob-books bucket', () => stats.snapshotsStored);
  metric('gauge', 'lob_publish_connected', '1 while connected to NATS', () => (stats.connected ? 1 : 0));
}
