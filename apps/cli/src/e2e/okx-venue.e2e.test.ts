import { afterEach, describe, expect, it } from '@jest/globals';
import { CliProcess, eventually, getJson } from './cli-process.test-support.js';
import { ScriptedOkx, okxTestChecksum, type ScriptedOkxBook } from './scripted-okx.test-support.js';

const SWAP: ScriptedOkxBook = {
  bids: [['65000.1', '12'], ['65000', '3.5']],
  asks: [['65000.2', '0.01'], ['65000.5', '7']],
  seqId: 9_876_543,
};
const SPOT: ScriptedOkxBook = { bids: [['3500.01', '1.000']], asks: [['3500.02', '2.500']], seqId: 42 };

let okx: ScriptedOkx | undefined;
let cli: CliProcess | undefined;
afterEach(async () => {
  cli?.kill();
  await okx?.close();
  okx = cli = undefined;
});

describe('lob serve --market okx against a scripted OKX via --rest-url/--ws-url, as a real process', () => {
  it('serves instIds with their dashes, the seqId as lastUpdateId and the checksum, and names the venue everywhere', async () => {
    okx = await ScriptedOkx.start({ 'BTC-USDT-SWAP': SWAP, 'ETH-USDT': SPOT }, { SPOT: ['ETH-USDT', 'BTC-USDT'], SWAP: ['BTC-USDT-SWAP'] });
    cli = CliProcess.start(['serve', '--market', 'OKX', '--pairs', 'btc-usdt-swap,eth-usdt', '--rest-url', okx.restUrl, '--ws-url', okx.wsUrl, '--http', '127.0.0.1:0', '--json']);
    const base = await cli.httpUrl();
    await eventually(async () => ((await getJson(`${base}/health`)).status === 200 ? true : undefined), 15_000, 'okx healthy');

    expect((await getJson(`${base}/books/okx/btc-usdt-swap`)).body).toEqual({
      market: 'okx',
      symbol: 'BTC-USDT-SWAP',
      state: 'live',
      lastUpdateId: SWAP.seqId,
      checksum: okxTestChecksum(SWAP),
      eventTime: expect.any(Number),
      receivedAt: expect.any(Number),
      appliedAt: expect.any(Number),
      exactDepth: { bids: 2, asks: 2 },
      bids: SWAP.bids,
      asks: SWAP.asks,
    });
    expect((await getJson(`${base}/books/OKX/ETH-USDT`)).body).toMatchObject({ symbol: 'ETH-USDT', lastUpdateId: 42, bids: [['3500.01', '1.000']] });

    const child = cli;
    const lines = await eventually(async () => {
      const parsed = child.stdout.trimEnd().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
      return parsed.filter((l) => l.state === 'live').length >= 2 ? parsed : undefined;
    }, 5000, 'live JSON lines');
    expect(lines.filter((l) => l.state === 'live').map((l) => [l.market, l.symbol, l.lastUpdateId, l.checksum])).toEqual(
      expect.arrayContaining([
        ['okx', 'BTC-USDT-SWAP', SWAP.seqId, okxTestChecksum(SWAP)],
        ['okx', 'ETH-USDT', 42, okxTestChecksum(SPOT)],
      ]),
    );
    const metrics = (await getJson(`${base}/metrics`)).body as string;
    expect(metrics).toContain('lob_book_state{market="okx",symbol="BTC-USDT-SWAP",state="live"} 1');
    expect(cli.logs().some((r) => r.msg === 'okx BTC-USDT-SWAP live' || (r.market === 'okx' && r.symbol === 'BTC-USDT-SWAP' && r.state === 'live'))).toBe(true);
    expect((await cli.signal('SIGINT')).code).toBe(0);
  }, 30_000);

  it("exits 2 on an instId OKX does not list, with the venue's did-you-mean, before any book streams", async () => {
    okx = await ScriptedOkx.start({}, { SPOT: ['BTC-USDT'], SWAP: ['BTC-USDT-SWAP'] });
    cli = CliProcess.start(['serve', '--market', 'okx', '--pairs', 'BTC-USTD-SWAP', '--rest-url', okx.restUrl, '--ws-url', okx.wsUrl]);
    const { code } = await cli.exited;
    expect({ code, last: cli.stderr.trimEnd().split('\n').at(-1) }).toEqual({
      code: 2,
      last: 'lob: --pairs: BTC-USTD-SWAP is not an okx symbol the exchange trades (did you mean BTC-USDT-SWAP?)',
    });
    expect(cli.logs().some((r) => /connection \d+ open/.test(r.msg))).toBe(false);
  }, 15_000);
});
