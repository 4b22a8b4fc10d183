/**
 * Whether a browser's Origin is the page this server serves itself (`/`): the same scheme-less host and port as the
 * request's Host. Only for a Host that is an IP address or `localhost`: a name could be an attacker's, rebound by DNS
 * to this address (its page would then be "same origin"); serving under a name, put its origin on the allow-list.
 */
export function isOwnPage(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || host === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.host !== host.toLowerCase()) return false;
  const name = url.hostname;
  return name === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || /^\[[0-9a-f:.]+\]$/.test(name);
}
