// The pieces of `lob serve` other programs may reuse; the command itself is bin/lob.js → main.ts.
export { loadConfigFile, parseConfig } from './config/load-config.js';
export { configSchema, type LobConfig, type ExchangeConfig, type LogLevel } from './config/schema.js';
export { loadSettings, resolveSettings, type ServeFlags, type ServeSettings, type MarketSettings } from './config/settings.js';
export { locateKey, formatKeyPath, type KeyPath } from './config/toml-locations.js';
export type { MarketSource, ConnectionCounts } from './feeds/market-source.js';
export { createHttpApp, listenHttp, type HttpAppOptions } from './http/server.js';
export type { BookDepth, BookSummary } from './http/book-routes.js';
export type { TopOfBookMessage, DepthMessage, SnapshotMessage, DiffMessage, ResyncMessage, StreamMessage } from './http/stream-route.js';
export { BookChanges } from './http/book-changes.js';
export { mirrorBook, MirrorError, type MirroredBook, type MirrorHandle, type MirrorOptions, type MirrorState } from './http/mirror-book.js';
export { DEFAULT_STREAM_LIMITS, type StreamLimits } from './http/stream-limits.js';
export { createMetrics, type Metrics } from './metrics/metrics.js';
export { bookLine, JsonLinesWriter, type BookLine } from './output/json-lines.js';
export { frameModel, panelModel, type FrameModel, type PanelModel } from './view/frame-model.js';
export { render, type RenderOptions } from './view/render.js';
export { runServe, type ServeIO } from './serve/run-serve.js';
