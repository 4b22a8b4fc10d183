export { startNatsServer, type NatsServer, type NatsServerOptions } from './nats-server.js';
export { findNatsServer } from './find-binary.js';
export { NatsServerError, type NatsServerErrorReason } from './errors.js';
