import { describe, expect, it } from '@jest/globals';
import { ExchangeSimError } from './errors.js';
import { normalizeVenueFault, VenueFaultState } from './venue-faults.js';

const known = (symbol: string) => (symbol === 'BTC-USDT' ? symbol : undefined);

describe('VenueFaultState', () => {
  it('counts a fault down per message, for the symbol it names only', () => {
    const faults = new VenueFaultState();
    faults.arm(normalizeVenueFault({ kind: 'drop', symbol: 'BTC-USDT', count: 2 }, known), 0);
    expect(faults.take('drop', 'ETH-USDT', undefined)).toBe(false);
    expect(faults.take('drop', 'BTC-USDT', undefined)).toBe(true);
    expect(faults.take('drop', 'BTC-USDT', undefined)).toBe(true);
    expect(faults.take('drop', 'BTC-USDT', undefined)).toBe(false);
  });

  it('keeps a connection-scoped fault for that connection alone', () => {
    const faults = new VenueFaultState();
    faults.arm(normalizeVenueFault({ kind: 'corrupt', connection: 'c1' }, known), 0);
    expect(faults.take('corrupt', 'BTC-USDT', undefined)).toBe(false);
    expect(faults.take('corrupt', 'BTC-USDT', 'c2')).toBe(false);
    expect(faults.take('corrupt', 'BTC-USDT', 'c1')).toBe(true);
  });

  it('holds timed faults for their duration, scoped by symbol and connection', () => {
    const faults = new VenueFaultState();
    faults.arm(normalizeVenueFault({ kind: 'stall', symbol: 'BTC-USDT', durationMs: 100 }, known), 1000);
    faults.arm(normalizeVenueFault({ kind: 'silence', connection: 'c1', durationMs: 100 }, known), 1000);
    expect(faults.stalled('BTC-USDT', 'c9', 1099)).toBe(true);
    expect(faults.stalled('BTC-USDT', 'c9', 1100)).toBe(false);
    expect(faults.stalled('ETH-USDT', 'c9', 1050)).toBe(false);
    expect(faults.silent('c1', 1050)).toBe(true);
    expect(faults.silent('c2', 1050)).toBe(false);
  });

  it('refuses unknown kinds and symbols with typed errors', () => {
    expect(() => normalizeVenueFault({ kind: 'nope' as never }, known)).toThrow(ExchangeSimError);
    expect(() => normalizeVenueFault({ kind: 'drop', symbol: 'FOO-BAR' }, known)).toThrow(expect.objectContaining({ reason: 'unknown-symbol' }));
  });
});
