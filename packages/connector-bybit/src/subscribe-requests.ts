/** Whether a request adds topics or drops them. */
export type BybitSubscribeOp = 'subscribe' | 'unsubscribe';

/**
 * The `{"op":...,"args":[topic...]}` requests that carry these topics, at most `argsPerRequest` each (Bybit spot
 * refuses more than 10 args in one request; lob holds every category to it). `reqId`, when given, is echoed in
 * Bybit's reply, so a refusal can be tied to the request.
 */
export function subscribeRequests(op: BybitSubscribeOp, topics: readonly string[], argsPerRequest: number, reqId?: string): string[] {
  const requests: string[] = [];
  for (let i = 0; i < topics.length; i += argsPerRequest) {
    const args = topics.slice(i, i + argsPerRequest);
    requests.push(JSON.stringify(reqId === undefined ? { op, args } : { req_id: reqId, op, args }));
  }
  return requests;
}
