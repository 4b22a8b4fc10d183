import { describe, expect, it } from '@jest/globals';
import { parseListenAddress } from './listen-address.js';

describe('parseListenAddress', () => {
  it('takes IPv4, IPv6 in brackets, host names and a bare port', () => {
    expect(parseListenAddress('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseListenAddress('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(parseListenAddress('localhost:80')).toEqual({ host: 'localhost', port: 80 });
    expect(parseListenAddress('8080')).toEqual({ host: '127.0.0.1', port: 8080 });
  });

  it('refuses a host no resolver should be asked about, before any lookup', () => {
    for (const text of ['a..b:8080', '999.1.1.1:80', '-x:80', 'x-:80', '[zz]:80', `${'a'.repeat(64)}.com:80`, 'ex_ample:80']) {
      expect({ text, result: parseListenAddress(text) }).toEqual({ text, result: { error: expect.any(String) } });
    }
  });

  it('quotes a refused value cut and escaped', () => {
    const result = parseListenAddress(`${'h'.repeat(300)}\u001b:80`) as { error: string };
    expect(result.error).not.toContain('\u001b');
    expect(result.error.length).toBeLessThan(120);
  });
});
