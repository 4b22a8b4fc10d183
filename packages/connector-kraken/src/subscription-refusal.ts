/**
 * What a refused subscribe/unsubscribe means to lob, read from Kraken's error text (the only thing the answer has
 * to tell refusals apart; the texts are the documented and observed ones of v1 and v2):
 * - `already-subscribed`: a subscribe met a live subscription ("Already subscribed"); the book keeps flowing.
 * - `not-subscribed`: an unsubscribe found nothing ("Subscription Not Found"); the resync's subscribe follows anyway.
 * - `temporary`: "Exceeded msg rate", or Kraken's own trouble ("EService:Unavailable", "EService:Busy",
 *   "EGeneral:Internal error"): the pair is fine, the request is asked again after the snapshot wait (with backoff).
 * - `refused`: anything else naming a pair ("Currency pair not supported", "Pair(s) not found"): Kraken will not
 *   stream it, so its book is invalid.
 */
export type SubscriptionRefusal = 'already-subscribed' | 'not-subscribed' | 'temporary' | 'refused';

/** Texts of refusals that say nothing against the pair: a later subscribe may well succeed. */
const TEMPORARY = ['exceeded msg rate', 'rate limit', 'eservice:unavailable', 'eservice:busy', 'egeneral:internal error'];

/** Classifies Kraken's refusal text (v1 `errorMessage`, v2 `error`). */
export function subscriptionRefusal(errorText: string): SubscriptionRefusal {
  const text = errorText.toLowerCase();
  if (text.includes('already subscribed')) return 'already-subscribed';
  if (text.includes('subscription not found')) return 'not-subscribed';
  if (TEMPORARY.some((marker) => text.includes(marker))) return 'temporary';
  return 'refused';
}
