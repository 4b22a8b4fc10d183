import { BINANCE_MARKETS, createBinanceConnector } from '@lob/connector-binance';
import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../config/load-config.js';
import { resolveSettings } from '../config/settings.js';
import { BINANCE_COINM, BINANCE_SPOT, BINANCE_USDM } from './binance.js';

const ENTRIES = { spot: BINANCE_SPOT, usdm: BINANCE_USDM, coinm: BINANCE_COINM } as const;

describe("the Binance venues' rules are the connector's", () => {
  it('offers the speeds, default symbols and endpoints the connector spec lists', () => {
    expect(Object.fromEntries(Object.entries(ENTRIES).map(([m, v]) => [m, v.options.speeds]))).toEqual({
      spot: ['100ms', '1000ms'],
      usdm: ['100ms', '250ms', '500ms'],
      coinm: ['100ms', '250ms', '500ms'],
    });
    for (const [market, venue] of Object.entries(ENTRIES)) {
      const spec = BINANCE_MARKETS[market as keyof typeof ENTRIES];
      expect(venue.defaultSymbols).toEqual(spec.defaultSymbols);
      expect(venue.endpoints).toEqual({ restUrl: spec.restUrl, wsUrl: spec.wsUrl });
    }
  });

  it('accepts exactly the symbols the connector accepts: 20 characters at most, suffix included', () => {
    for (const [market, symbol] of [['spot', 'A1234567890123456789'], ['usdm', 'ABCDEFGHIJKLM_260626'], ['usdm', 'ABCDEFGHIJKLMN_260626'], ['spot', 'A12345678901234567890']] as const) {
      const connector = createBinanceConnector({ market });
      let accepted: boolean;
      try {
        connector.normalizeSymbol(symbol);
        accepted = true;
      } catch {
        accepted = false;
      }
      void connector.close();
      expect([market, symbol, 'symbol' in ENTRIES[market].spell(symbol)]).toEqual([market, symbol, accepted]);
    }
    expect(() => resolveSettings({ market: 'binance-usdm', pairs: ['abcdefghijklmn_260626'] }, undefined)).toThrow(
      '--pairs: "abcdefghijklmn_260626" is not a binance-usdm symbol (expected something like BTCUSDT or BTCUSDT_260626)',
    );
  });

  it('builds a connector whose market is the venue name, so every event and view names the venue', async () => {
    const connector = BINANCE_USDM.createConnector({ market: 'binance-usdm', restUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1', snapshotLimit: 100 });
    expect(connector).toMatchObject({ exchange: 'binance', market: 'binance-usdm', hasUpdateIds: true, depthWindow: { kind: 'snapshot-bounded', snapshotLevels: 100 } });
    await connector.close();
  });

  it('refuses a futures speed Binance does not document', () => {
    expect(() => parseConfig('[[exchanges]]\nname = "binance"\nmarket = "usdm"\nsymbols = ["BTCUSDT"]\nspeed = "0ms"\n', 'x.toml')).toThrow(
      'x.toml:5: exchanges[0].speed: binance-usdm streams come at "100ms" or "250ms" or "500ms", got "0ms"',
    );
  });
});
