/** NATS servers as `--publish`, `--from` and `publish =` name them: `nats://host:port`, comma separated for a cluster. */
export type NatsServers = readonly string[];

/** Reads `nats://host:port[,nats://host:port...]`; the error says what is wrong in the user's terms. */
export function parseNatsServers(text: string): { readonly servers: NatsServers } | { readonly error: string } {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { error: 'name a NATS server, e.g. nats://127.0.0.1:4222' };
  for (const part of parts) {
    let url: URL;
    try {
      url = new URL(part);
    } catch {
      return { error: `${JSON.stringify(part)} is not a URL; write nats://HOST:PORT, e.g. nats://127.0.0.1:4222` };
    }
    if (url.protocol !== 'nats:') return { error: `${JSON.stringify(part)}: the scheme must be nats://` };
    if (url.hostname === '') return { error: `${JSON.stringify(part)} names no host` };
    if (url.pathname !== '' && url.pathname !== '/') return { error: `${JSON.stringify(part)}: a NATS address has no path` };
  }
  return { servers: parts };
}
