import { ConfigError } from '@lob/core';
import { CommanderError } from 'commander';
import { describe, expect, it } from '@jest/globals';
import { buildProgram } from '../cli/program.js';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { DEFAULT_LOAD_SHEDDING } from '../http/load-shedding.js';
import { createHttpApp } from '../http/server.js';
import { createMetrics } from '../metrics/metrics.js';
import { parseConfig } from './load-config.js';
import { resolveSettings, type ServeFlags } from './settings.js';

/** The flags `lob serve ARGS` hands over, or the error Commander stops on (its message as printed). */
async function serveFlags(...args: string[]): Promise<ServeFlags | string> {
  let flags: ServeFlags | undefined;
  let printed = '';
  const program = buildProgram('0.0.0', async (f) => void (flags = f));
  for (const command of [program, ...program.commands]) command.configureOutput({ writeErr: (text) => void (printed += text), writeOut: () => undefined });
  try {
    await program.parseAsync(['serve', ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return printed.split('\n')[0] as string;
    throw error;
  }
  return flags as ServeFlags;
}

const CONFIG = (keys: string): string => `${keys}\n[[exchanges]]\nname = "binance"\nsymbols = ["BTCUSDT"]\n`;

describe('the API limits from flags and config.toml', () => {
  it('leaves every bound at its default when neither says', () => {
    expect(resolveSettings({}, undefined).apiLimits).toEqual({ http: {}, stream: {}, shedding: DEFAULT_LOAD_SHEDDING });
  });

  it('takes the flags, checked, over the config keys', async () => {
    const flags = await serveFlags('--allow-origin', 'https://desk.example.com,http://127.0.0.1:3000', '--allow-origin', 'https://b.example', '--rate-limit', '50', '--stream-books', '8');
    expect(flags).toMatchObject({ allowOrigin: ['https://desk.example.com', 'http://127.0.0.1:3000', 'https://b.example'], rateLimit: 50, streamBooks: 8 });
    const config = parseConfig(CONFIG('allow_origins = ["https://old.example"]\nrate_limit = 10\nstream_connections = 40\nstream_connections_per_client = 4'), 'lob.toml');
    expect(resolveSettings(flags as ServeFlags, config).apiLimits).toEqual({
      http: { rateMax: 50 },
      stream: { allowedOrigins: ['https://desk.example.com', 'http://127.0.0.1:3000', 'https://b.example'], maxConnections: 40, maxConnectionsPerClient: 4, maxSubscriptions: 8 },
      shedding: DEFAULT_LOAD_SHEDDING,
    });
  });

  it('takes the load-shedding threshold in percent from --shed-above over shed_above, 0 turning it off', async () => {
    const config = parseConfig(CONFIG('shed_above = 70'), 'lob.toml');
    expect(resolveSettings({}, config).apiLimits.shedding.maxEventLoopUtilization).toBe(0.7);
    const flags = await serveFlags('--shed-above', '0');
    expect(resolveSettings(flags as ServeFlags, config).apiLimits.shedding.maxEventLoopUtilization).toBe(0);
    expect(await serveFlags('--shed-above', '101')).toMatch(/shed above must be from 0 to 100, got 101/);
  });

  it('refuses a bad flag with one line naming it', async () => {
    expect(await serveFlags('--allow-origin', 'https://desk.example.com/')).toBe(
      `error: option '--allow-origin <origins>' argument "https://desk.example.com/" is invalid. "https://desk.example.com/" is not an origin: write it as the browser sends it, https://desk.example.com`,
    );
    expect(await serveFlags('--allow-origin', '*')).toMatch(/"\*" is not an origin/);
    expect(await serveFlags('--stream-connections', '0')).toMatch(/stream-connections must be from 1 to 1000000, got 0/);
    expect(await serveFlags('--rate-limit', 'lots')).toMatch(/rate-limit must be a whole number, got "lots"/);
  });

  it('refuses config keys with the file, the key and the line', () => {
    const bad = (keys: string): ConfigError => {
      try {
        parseConfig(CONFIG(keys), 'lob.toml');
      } catch (error) {
        if (error instanceof ConfigError) return error;
        throw error;
      }
      throw new Error('accepted');
    };
    const origin = bad('log_level = "info"\nallow_origins = ["https://ok.example", "ftp://files.example"]');
    expect(origin.message).toBe('lob.toml:2: allow_origins[1]: "ftp://files.example" is not an http or https origin');
    const zero = bad('rate_limit = 0');
    expect([zero.message, zero.location.line]).toEqual(['lob.toml:1: rate_limit: must be at least 1, got 0', 1]);
    const misfit = bad('stream_connections = 10\nstream_connections_per_client = 20');
    expect(misfit.message).toBe('lob.toml:2: stream_connections_per_client: 20 per client is more than the 10 /stream connections in total');
  });

  it('refuses flags whose caps do not fit together, naming the flag', () => {
    expect(() => resolveSettings({ streamConnections: 600 }, undefined)).toThrow('--stream-connections: 600 /stream connections is more than the 512 HTTP connections they are part of');
    expect(resolveSettings({ streamConnections: 600, httpConnections: 1000 }, undefined).apiLimits).toEqual({
      http: { maxConnections: 1000 },
      stream: { maxConnections: 600 },
      shedding: DEFAULT_LOAD_SHEDDING,
    });
  });

  it('reaches the server: an allowed Origin is let through, any other gets 403, and the rate limit is the one set', async () => {
    const flags = await serveFlags('--allow-origin', 'https://desk.example.com', '--rate-limit', '3');
    const { apiLimits } = resolveSettings(flags as ServeFlags, undefined);
    const source = new FakeSource('binance-spot', [fakeBook('binance-spot', 'BTCUSDT', { bids: [['1.0', '1']], asks: [['2.0', '1']] })]);
    const app = await createHttpApp({ sources: [source], registry: createMetrics([source], { processMetrics: false }).registry, limits: apiLimits.http, streamLimits: apiLimits.stream });
    try {
      const stream = (origin: string) => app.inject({ method: 'GET', url: '/stream', headers: { origin } });
      // Not an upgrade, so an allowed Origin gets as far as the 426; another is refused before that.
      expect((await stream('https://desk.example.com')).statusCode).toBe(426);
      expect((await stream('https://evil.example')).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});
