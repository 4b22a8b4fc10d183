import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { CliProcess } from './cli-process.test-support.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));

const CASES: { file: string; first: string }[] = [
  { file: 'broken-syntax.toml', first: `lob: ${fixture('broken-syntax.toml')}:4:1: TOML syntax error: expected comma or end of structure` },
  {
    file: 'unknown-key.toml',
    first: `lob: ${fixture('unknown-key.toml')}:10: exchanges[1].symbol: unknown key (did you mean "symbols"?); known keys here: name, market, symbols, ws_endpoint, rest_endpoint, book, depth, snapshot_limit, min_exact_depth, speed, channel, book_depth`,
  },
  {
    file: 'bad-symbol.toml',
    first: `lob: ${fixture('bad-symbol.toml')}:6: exchanges[0].symbols[1]: "ETH-USD" is not a binance-coinm symbol (expected something like BTCUSD_PERP or BTCUSD_260626)`,
  },
  { file: 'bad-market.toml', first: `lob: ${fixture('bad-market.toml')}:4: exchanges[0].market: expected one of "binance-spot", "spot", "binance-usdm", "usdm", "binance-coinm", "coinm", "okx", "kraken", "bybit-spot", "bybit-linear", "bybit-inverse", "coinbase", got "margin"` },
];

describe('lob serve with a broken config file, as a real process', () => {
  it('exits 2 before connecting anywhere, with a message naming the file, the key and the line', async () => {
    const runs = CASES.map(({ file }) => CliProcess.start(['serve', '--config', fixture(file), '--demo']));
    const exits = await Promise.all(runs.map((r) => r.exited));
    CASES.forEach(({ first }, i) => {
      const run = runs[i] as CliProcess;
      expect({ code: exits[i]?.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.any(String) });
      expect(run.stderr.split('\n')[0]).toBe(first);
      expect(run.stdout).toBe('');
    });
  }, 30_000);

  it('resolves a relative --config against the directory it was run from, and says when the file is missing', async () => {
    const run = CliProcess.start(['serve', '--config', 'missing.toml'], { cwd: path.dirname(fixture('bad-market.toml')) });
    expect((await run.exited).code).toBe(2);
    expect(run.stderr).toBe(`lob: ${fixture('missing.toml')}: cannot read the config file (no such file)\n`);
  }, 15_000);

  it('exits 2 when a symbol is not traded, naming it and what was meant, before any book streams (--demo)', async () => {
    const flag = CliProcess.start(['serve', '--demo', '--pairs', 'btcusdt,btcustd']);
    const file = CliProcess.start(['serve', '--demo', '--config', fixture('unknown-symbol.toml')]);
    const [flagExit, fileExit] = await Promise.all([flag.exited, file.exited]);
    expect({ code: flagExit.code, last: flag.stderr.trimEnd().split('\n').at(-1) }).toEqual({
      code: 2,
      last: 'lob: --pairs: BTCUSTD is not a binance-spot symbol the exchange trades (did you mean BTCUSDT?)',
    });
    expect({ code: fileExit.code, last: file.stderr.trimEnd().split('\n').at(-1) }).toEqual({
      code: 2,
      last: `lob: ${fixture('unknown-symbol.toml')}:4: exchanges[0].symbols[1]: ETHUSTD is not a binance-spot symbol the exchange trades (did you mean ETHUSDT?)`,
    });
    for (const run of [flag, file]) {
      expect(run.stdout).toBe('');
      expect(run.logs().some((r) => /connection \d+ open/.test(r.msg))).toBe(false);
    }
  }, 30_000);

  it('rejects a bad flag with exit status 2 and a pointer to --help', async () => {
    const run = CliProcess.start(['serve', '--market', 'oxk']);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr).toContain(
      `error: option '-m, --market <venue>' argument "oxk" is invalid. "oxk" is not a venue; ` +
        'venues: binance-spot (spot), binance-usdm (usdm), binance-coinm (coinm), okx, kraken, bybit-spot, bybit-linear, bybit-inverse, coinbase (did you mean okx?)',
    );
    expect(run.stderr).toContain('(run with --help to see every option)');
  }, 15_000);

  it("exits 2 on a pair not in the venue's spelling, naming the venue, before connecting", async () => {
    const okx = CliProcess.start(['serve', '--market', 'OKX', '--pairs', 'btcusdt']);
    const kraken = CliProcess.start(['serve', '--market', 'kraken', '--pairs', 'BTC/USD', '--channel', 'books']);
    const [okxExit, krakenExit] = await Promise.all([okx.exited, kraken.exited]);
    expect({ code: okxExit.code, stderr: okx.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('lob: --pairs: "btcusdt" is not an OKX instrument id (expected e.g. BTC-USDT, BTC-USDT-SWAP,'),
    });
    expect({ code: krakenExit.code, stderr: kraken.stderr }).toEqual({
      code: 2,
      stderr: 'lob: --channel: kraken has no order-book channels to choose (only okx do)\n',
    });
  }, 15_000);

  it('exits 2 with one line, no stack trace, on an unusable --http, the host included', async () => {
    const bad = ['a..b:8080', '999.1.1.1:8080', '[zz]:80', '127.0.0.1:99999'].map((address) => CliProcess.start(['serve', '--demo', '--http', address]));
    const unresolvable = CliProcess.start(['serve', '--demo', '--http', 'nonexistent.invalid:8080', '--log-level', 'error']);
    const exits = await Promise.all([...bad, unresolvable].map((r) => r.exited));
    expect(exits.map((e) => e.code)).toEqual([2, 2, 2, 2, 2]);
    for (const run of bad) expect(run.stderr).toMatch(/^error: option '--http <\[host:\]port>' argument "[^"]+" is invalid\. [^\n]+\n\(run with --help to see every option\)\n$/);
    expect(unresolvable.stderr).toMatch(/^lob: --http: cannot listen on nonexistent\.invalid:8080 \(ENOTFOUND: [^\n]*\)\n$/);
  }, 30_000);
});
