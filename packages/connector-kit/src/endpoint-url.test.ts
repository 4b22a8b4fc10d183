import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@lob/core';
import { endpointUrl } from './endpoint-url.js';

describe('endpointUrl', () => {
  it('keeps a REST base without its trailing slash and a WebSocket URL whole', () => {
    expect(endpointUrl('http://127.0.0.1:9000/', 'rest', 'restUrl')).toBe('http://127.0.0.1:9000');
    expect(endpointUrl('wss://ws.example.com/v2/', 'ws', 'wsUrl')).toBe('wss://ws.example.com/v2/');
  });

  it.each([
    ['not a url', 'rest', /restUrl: "not a url" is not a URL/],
    ['ws://127.0.0.1:1', 'rest', /restUrl: expected a http:\/\/ or https:\/\/ URL/],
    ['https://example.com', 'ws', /wsUrl: expected a ws:\/\/ or wss:\/\/ URL/],
  ] as const)('refuses %s as a %s endpoint with a ConfigError naming the key', (value, kind, message) => {
    const key = kind === 'rest' ? 'restUrl' : 'wsUrl';
    const error = (() => {
      try {
        endpointUrl(value, kind, key);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).location?.key).toBe(key);
  });
});
