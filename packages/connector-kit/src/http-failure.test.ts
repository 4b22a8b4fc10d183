import { describe, expect, it } from '@jest/globals';
import { errors } from 'undici';
import { statusReason, transportError } from './http-failure.js';

describe('HTTP failures as typed errors', () => {
  it.each([
    [429, 'rate-limited'],
    [418, 'banned'],
    [500, 'server-error'],
    [503, 'server-error'],
    [400, 'client-error'],
    [404, 'client-error'],
  ] as const)('HTTP %i is %s', (status, reason) => {
    expect(statusReason(status)).toBe(reason);
  });

  it('tells an abort, a timeout and a network failure apart, naming the URL', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(transportError(abort, 'http://127.0.0.1:1/x').reason).toBe('aborted');
    expect(transportError(new errors.HeadersTimeoutError(), 'http://127.0.0.1:1/x')).toMatchObject({ reason: 'timeout' });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const error = transportError(refused, 'http://127.0.0.1:1/x');
    expect(error.reason).toBe('network');
    expect(error.message).toContain('http://127.0.0.1:1/x');
    expect(error.cause).toBe(refused);
  });
});
