import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { CliProcess, eventually, sleep } from './cli-process.test-support.js';

let cli: CliProcess | undefined;
afterEach(() => cli?.kill());

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('lob serve lifecycle, as a real process', () => {
  it('says once which host it cannot reach and why, suggests --demo, and keeps retrying', async () => {
    const port = await closedPort();
    cli = CliProcess.start(['serve', '--rest-url', `http://127.0.0.1:${port}`, '--ws-url', `ws://127.0.0.1:${port}`, '--log-level', 'debug']);
    const line = await cli.waitForLog((r) => r.level === 'error');
    expect(line.msg).toBe(
      `cannot reach binance-spot at ws://127.0.0.1:${port} (socket error: connect ECONNREFUSED 127.0.0.1:${port}); ` +
        'retrying with backoff. No network, or binance-spot not available from here? Run offline with: lob serve --demo',
    );
    // It goes on trying (visible at debug level) without repeating the error line.
    const child = cli;
    await eventually(async () => (child.logs().filter((r) => r.msg.startsWith('binance-spot still unreachable')).length >= 2 ? true : undefined), 15_000, 'retries');
    expect(cli.logs().filter((r) => r.level === 'error')).toHaveLength(1);
    // The symbols could not be checked against exchangeInfo either: said once, and the run went on.
    expect(cli.logs().filter((r) => r.event === 'symbol-check-skipped')).toHaveLength(1);
    const { code, ms } = await cli.signal('SIGINT');
    expect(code).toBe(0);
    // lob's own deadline (1.8 s, under the 2 s promise) is tested with fake timers in shutdown.test.ts; on a starved
    // machine a real process adds its own overhead, so this only checks it ends promptly.
    expect(ms).toBeLessThan(5000);
  }, 30_000);

  it('exits 0 within 2 seconds on SIGTERM', async () => {
    cli = CliProcess.start(['serve', '--demo', '--demo-fault-every', '0']);
    // Without a terminal, the status comes as one line per market per second on stdout.
    const first = cli;
    await eventually(async () => (/^\d{4}-\d\d-\d\dT[\d:.]+Z binance-spot BTCUSDT live bid \d/m.test(first.stdout) ? true : undefined), 10_000, 'a status line');
    const { code, ms } = await cli.signal('SIGTERM');
    expect(code).toBe(0);
    // lob's own deadline (1.8 s, under the 2 s promise) is tested with fake timers in shutdown.test.ts; on a starved
    // machine a real process adds its own overhead, so this only checks it ends promptly.
    expect(ms).toBeLessThan(5000);
  }, 40_000);

  it('finds ./config.toml in the directory it was run from: the example config works as it is', async () => {
    cli = CliProcess.start(['serve', '--demo', '--demo-fault-every', '0', '--json'], { cwd: fileURLToPath(new URL('../../../..', import.meta.url)) });
    const used = await cli.waitForLog((r) => typeof r.configFile === 'string');
    expect(used.configFile).toBe(fileURLToPath(new URL('../../../../config.toml', import.meta.url)));
    await cli.waitForLog((r) => r.msg.startsWith('binance-spot BTCUSDT live'));
    await sleep(300);
    expect(cli.stdout.split('\n')[0]).toMatch(/^\{"type":"book"/);
    expect((await cli.signal('SIGINT')).code).toBe(0);
  }, 30_000);
});
