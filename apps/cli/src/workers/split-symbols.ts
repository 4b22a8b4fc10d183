import type { MarketSettings } from '../config/settings.js';

/**
 * Each worker's share of the venues: symbols dealt round-robin in configuration order, one count running across
 * venues so small venues do not all land on the first worker. The same settings always give the same shares (a
 * restarted worker takes back exactly its books); a venue with none of a worker's symbols is left out of its share.
 */
export function splitSymbols(markets: readonly MarketSettings[], workers: number): MarketSettings[][] {
  const shares: MarketSettings[][] = Array.from({ length: workers }, () => []);
  let dealt = 0;
  for (const market of markets) {
    const hands: string[][] = Array.from({ length: workers }, () => []);
    for (const symbol of market.symbols) hands[dealt++ % workers]!.push(symbol);
    hands.forEach((symbols, i) => {
      if (symbols.length > 0) shares[i]!.push({ ...market, symbols });
    });
  }
  return shares;
}
