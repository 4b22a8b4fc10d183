// Test-only helpers the connectors' tests share (not part of the package's main entry, nor of its build).
export { LoopbackRelay, type RelayHooks, type RelayOptions } from './loopback-relay.js';
export { resyncCount, tickUntil, until } from './waits.js';
export { createTestFeed, type TestFeed } from './test-feed.js';
