/**
 * What a refused subscribe/unsubscribe means to lob, read from Kraken's error text (the only thing the answer has
 * to tell refusals apart; the texts are the documented and observed ones of v1 and v2):
 * - `already-subscribed`: a subscribe met a live subscription ("Already subscribed"); the book keeps flowing.
 * - `not-subscribed`: an unsubscribe found nothing ("Subscription Not Found"); the resync's subscribe follows anyway.
 * - `rate-limited`: "Exceeded msg rate"; the pair is fine, the request is asked again after the snapshot wait.
 * - `refused`: anything else naming a pair ("Currency pair not supported", "Pair(s) not found"): Kraken will not
 *   stream it, so its book is invalid.
 */
export type SubscriptionRefusal = 'already-subscribed' | 'not-subscribed' | 'rate-limited' | 'refused';

/** Classifies Kraken's refusal text (v1 `errorMessage`, v2 `error`). */
export function subscriptionRefusal(errorText: string): SubscriptionRefusal {
  const text = errorText.toLowerCase();
  if (text.includes('already subscribed')) return 'already-subscribed';
  if (text.includes('subscription not found')) return 'not-subscribed';
  if (text.includes('exceeded msg rate') || text.includes('rate limit')) return 'rate-limited';
  return 'refused';
}
