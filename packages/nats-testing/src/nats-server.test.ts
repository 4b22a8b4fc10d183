import { afterEach, describe, expect, it } from '@jest/globals';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { NatsServerError } from './errors.js';
import { findNatsServer } from './find-binary.js';
import { startNatsServer, type NatsServer } from './nats-server.js';

/** Whether something accepts TCP connections on 127.0.0.1:port right now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startNatsServer', () => {
  let server: NatsServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('starts a JetStream server on 127.0.0.1 that a client can use', async () => {
    server = await startNatsServer();
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    const nc = await connect({ servers: server.url });
    const info = await jetstreamManager(nc).then((jsm) => jsm.getAccountInfo());
    expect(info.streams).toBe(0);
    await nc.close();
  });

  it('keeps a JetStream stream and its messages across restart(), on the same port', async () => {
    server = await startNatsServer();
    const port = server.port;
    let nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'kept', subjects: ['kept.>'] });
    await jetstream(nc).publish('kept.one', 'hello');
    await nc.close();

    await server.restart();

    expect(server.port).toBe(port);
    nc = await connect({ servers: server.url });
    const stream = await (await jetstreamManager(nc)).streams.info('kept');
    expect(stream.state.messages).toBe(1);
    await nc.close();
  });

  it('kill() ends the process at once, and restart() brings it back with its state', async () => {
    server = await startNatsServer();
    let nc = await connect({ servers: server.url });
    await (await jetstreamManager(nc)).streams.add({ name: 'survives', subjects: ['survives.>'] });
    await jetstream(nc).publish('survives.x', 'x');
    await nc.close();

    await server.kill();
    expect(server.running()).toBe(false);
    expect(await accepts(server.port)).toBe(false);

    await server.restart();
    expect(server.running()).toBe(true);
    nc = await connect({ servers: server.url });
    expect((await (await jetstreamManager(nc)).streams.info('survives')).state.messages).toBe(1);
    await nc.close();
  });

  it('stop() removes the temporary store directory it made', async () => {
    server = await startNatsServer();
    const dir = server.storeDir;
    expect(existsSync(dir)).toBe(true);
    await server.stop();
    server = undefined;
    expect(existsSync(dir)).toBe(false);
  });

  it('two servers run side by side on different ports', async () => {
    server = await startNatsServer();
    const other = await startNatsServer();
    try {
      expect(other.port).not.toBe(server.port);
      expect(await accepts(other.port)).toBe(true);
    } finally {
      await other.stop();
    }
  });

  it('says how to install nats-server when NATS_SERVER names no executable', () => {
    expect(() => findNatsServer({ NATS_SERVER: '/nonexistent/nats-server', PATH: '' })).toThrow(NatsServerError);
    expect(() => findNatsServer({ NATS_SERVER: '/nonexistent/nats-server', PATH: '' })).toThrow(/apt-get install nats-server/);
  });

  it('says how to install nats-server when it is on neither PATH nor a well-known place', async () => {
    await expect(startNatsServer({ binary: '/nonexistent/nats-server' })).rejects.toMatchObject({ reason: 'binary-missing' });
  });

  it('rejects with the log when the server exits before it is ready', async () => {
    const error = await startNatsServer({ extraArgs: ['--no-such-flag'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatsServerError);
    expect((error as NatsServerError).reason).toBe('exited');
  });
});
