/** Whether a request adds topics or drops them. */
export type BybitSubscribeOp = 'subscribe' | 'unsubscribe';

/**
 * The `{"op":...,"args":[topic...]}` requests that carry these topics, at most `argsPerRequest` each (Bybit spot
 * refuses more than 10 args in one request; lob holds every category to it).
 */
export function subscribeRequests(op: BybitSubscribeOp, topics: readonly string[], argsPerRequest: number): string[] {
  const requests: string[] = [];
  for (let i = 0; i < topics.length; i += argsPerRequest) {
    requests.push(JSON.stringify({ op, args: topics.slice(i, i + argsPerRequest) }));
  }
  return requests;
}
