import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BOOKS_STREAM, SNAPSHOT_BUCKET } from './bus-names.js';
import { BusError } from './bus-error.js';

/** A connection to the bus: the NATS connection, JetStream and the snapshot bucket. */
export interface Bus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly snapshots: KV;
}

/** How to reach NATS: a `nats://host:port` URL or several (a cluster), and a name servers show for the client. */
export interface BusAddress {
  readonly servers: string | readonly string[];
  readonly name: string;
}

/** Connects to NATS for good: after the first connection it reconnects forever (every 250 ms to 2 s). */
export async function connectNats(address: BusAddress): Promise<NatsConnection> {
  const servers = typeof address.servers === 'string' ? [address.servers] : [...address.servers];
  try {
    return await connect({ servers, name: address.name, maxReconnectAttempts: -1, reconnectTimeWait: 250, reconnectJitter: 250, waitOnFirstConnect: false, timeout: 5_000 });
  } catch (error) {
    throw new BusError('unreachable', `cannot reach NATS at ${servers.join(', ')}: ${(error as Error).message}`, { cause: error });
  }
}

/** Opens the stream and the bucket a publisher made; BusError('not-ready') when they are not there yet. */
export async function openBus(nc: NatsConnection): Promise<Bus> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(BOOKS_STREAM);
    await jsm.streams.info(`KV_${SNAPSHOT_BUCKET}`);
  } catch (error) {
    throw new BusError('not-ready', `no lob books on this NATS yet (stream ${BOOKS_STREAM} or bucket ${SNAPSHOT_BUCKET} missing): is a lob serve --publish running?`, { cause: error });
  }
  const js = jetstream(nc);
  const snapshots = await new Kvm(js).open(SNAPSHOT_BUCKET);
  return { nc, js, jsm, snapshots };
}
