// Publishes lob's books to NATS JetStream: `lob serve --publish nats://`.
export { BookPublisher, type BookPublisherOptions, type PublisherStats, type PublisherStatus } from './book-publisher.js';
export { ensureBus, DEFAULT_RETENTION, type BusRetention } from './ensure-bus.js';
