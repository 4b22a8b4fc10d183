export { watchSocket, HandshakeError, CLOSE_GRACE_MS, type SocketLifecycle, type SocketWatcher } from './socket-lifecycle.js';
export { statusReason, transportError } from './http-failure.js';
export { retryAfterMsOf, headerText, type Headers } from './retry-after.js';
export { getOnce, type TextAnswer } from './get-once.js';
export { endpointUrl } from './endpoint-url.js';
export { OpenStreams, type SubscribableStream } from './open-streams.js';
export { WindowPacer, type SendBudget } from './window-pacer.js';
export { copyText } from './text-copy.js';
