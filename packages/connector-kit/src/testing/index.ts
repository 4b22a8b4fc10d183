// Test-only helpers the connectors' tests share (not part of the package's main entry, nor of its build).
export { LoopbackRelay, type RelayHooks, type RelayOptions } from './loopback-relay.js';
export { resyncCount, tickUntil, until } from './waits.js';
export { createTestFeed, type TestFeed } from './test-feed.js';
export { anyFrame, damaged, decimal, exactDecimal, oddDecimal, rowList, type VenueDamage } from './frame-generators.js';
export { assertPathsAgree, assertReadsRecording, assertScannerReads, assertStepsAsideOrAgrees, decoderOutcome, FRAMES_PER_PROPERTY, type DecodeFailure } from './scanner-agreement.js';
export { scannerPropertyTests, stepsAsideOn } from './scanner-properties.js';
export { codesChecked, uncoded } from './level-codes-check.js';
