import { describe, expect, it } from '@jest/globals';
import { parseNatsServers } from './nats-servers.js';

describe('parseNatsServers', () => {
  it('takes one nats:// URL or a comma-separated cluster', () => {
    expect(parseNatsServers('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
    expect(parseNatsServers('nats://a:4222, nats://b:4222')).toEqual({ servers: ['nats://a:4222', 'nats://b:4222'] });
  });

  it.each([
    ['', /name a NATS server/],
    ['127.0.0.1:4222', /scheme must be nats|not a URL/],
    ['http://127.0.0.1:4222', /scheme must be nats/],
    ['nats://127.0.0.1:4222/x', /no path/],
  ])('says what is wrong with %j', (text, message) => {
    const parsed = parseNatsServers(text);
    expect('error' in parsed && parsed.error).toMatch(message);
  });
});
