import { BINANCE_MARKETS, createBinanceConnector } from '@lob/connector-binance';
import { describe, expect, it } from '@jest/globals';
import { parseConfig } from './load-config.js';
import { DEFAULT_SYMBOLS, MARKETS, SPEEDS, checkSymbol } from './markets.js';
import { resolveSettings } from './settings.js';

describe("the CLI's market rules are the connector's", () => {
  it('offers the markets, speeds and default symbols the connector spec lists', () => {
    expect(MARKETS).toEqual(['spot', 'usdm', 'coinm']);
    expect(SPEEDS).toEqual({ spot: ['100ms', '1000ms'], usdm: ['100ms', '250ms', '500ms'], coinm: ['100ms', '250ms', '500ms'] });
    for (const market of MARKETS) expect(DEFAULT_SYMBOLS[market]).toEqual(BINANCE_MARKETS[market].defaultSymbols);
  });

  it('accepts exactly the symbols the connector accepts: 20 characters at most, suffix included', () => {
    for (const [market, symbol] of [['spot', 'A1234567890123456789'], ['usdm', 'ABCDEFGHIJKLM_260626'], ['usdm', 'ABCDEFGHIJKLMN_260626'], ['spot', 'A12345678901234567890']] as const) {
      const connector = createBinanceConnector({ market });
      let connectorSays: string;
      try {
        connectorSays = connector.normalizeSymbol(symbol);
      } catch (error) {
        connectorSays = (error as Error).message;
      }
      void connector.close();
      const cli = checkSymbol(market, symbol);
      expect('symbol' in cli ? cli.symbol : cli.error).toBe(connectorSays);
    }
    expect(() => resolveSettings({ market: 'usdm', pairs: ['abcdefghijklmn_260626'] }, undefined)).toThrow(
      '--pairs: "abcdefghijklmn_260626" is not a usdm symbol (expected something like BTCUSDT or BTCUSDT_260626)',
    );
  });

  it('refuses a futures speed Binance does not document', () => {
    expect(() => parseConfig('[[exchanges]]\nname = "binance"\nmarket = "usdm"\nsymbols = ["BTCUSDT"]\nspeed = "0ms"\n', 'x.toml')).toThrow(
      'x.toml:5: exchanges[0].speed: usdm streams come at "100ms" or "250ms" or "500ms", got "0ms"',
    );
  });
});
