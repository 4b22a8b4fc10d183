import { describe, expect, it } from '@jest/globals';
import { isOwnPage } from './own-origin.js';

describe('isOwnPage', () => {
  it('accepts the page this server served: the Origin is the Host, an address or localhost', () => {
    expect(isOwnPage('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(isOwnPage('http://localhost:8080', 'localhost:8080')).toBe(true);
    expect(isOwnPage('http://[::1]:8080', '[::1]:8080')).toBe(true);
    expect(isOwnPage('https://10.0.0.5', '10.0.0.5')).toBe(true);
  });

  it('refuses another origin, another port, or no Origin at all (programs are let in by the allow-list rule)', () => {
    expect(isOwnPage('http://127.0.0.1:9999', '127.0.0.1:8080')).toBe(false);
    expect(isOwnPage('https://evil.example', '127.0.0.1:8080')).toBe(false);
    expect(isOwnPage(undefined, '127.0.0.1:8080')).toBe(false);
    expect(isOwnPage('http://127.0.0.1:8080', undefined)).toBe(false);
    expect(isOwnPage('null', '127.0.0.1:8080')).toBe(false);
    expect(isOwnPage('file:///x', '127.0.0.1:8080')).toBe(false);
  });

  it('refuses a host name even when it matches: DNS rebinding would make an attacker page same-origin', () => {
    expect(isOwnPage('http://evil.example:8080', 'evil.example:8080')).toBe(false);
  });
});
