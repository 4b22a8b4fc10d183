import { createHash } from 'node:crypto';

/** A live instance as the others see it: its id and the symbol ids (`venue/symbol`) it can serve. */
export interface LiveInstance {
  readonly id: string;
  readonly symbols: readonly string[];
}

/** Rendezvous (highest random weight) score of an instance for a symbol: the same on every machine. */
function score(instanceId: string, symbol: string): number {
  return createHash('sha256').update(`${instanceId}\n${symbol}`).digest().readUIntBE(0, 6);
}

/**
 * Which instance holds which symbol: rendezvous hashing with bounded loads. Each symbol (in name order) goes to the
 * instance ranking it highest among those that can serve it and hold fewer than floor(symbols / instances); the
 * remainder then go, again by rank, to instances holding at most that many, so when all serve all every instance
 * holds floor or ceil of an even share. Every instance computes the same answer from the same live set, and a join
 * or a leave moves few symbols besides those it must.
 */
export function assignSymbols(instances: readonly LiveInstance[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const ids = [...new Set(instances.map((i) => i.id))].sort();
  for (const id of ids) result.set(id, []);
  const servable = new Map<string, string[]>();
  for (const instance of instances) {
    for (const symbol of instance.symbols) {
      const list = servable.get(symbol) ?? [];
      if (!list.includes(instance.id)) list.push(instance.id);
      servable.set(symbol, list);
    }
  }
  if (ids.length === 0) return result;
  const symbols = [...servable.keys()].sort();
  const floor = Math.floor(symbols.length / ids.length);
  const load = (id: string): number => result.get(id)?.length ?? 0;
  const ranked = (symbol: string): string[] =>
    (servable.get(symbol) ?? [])
      .map((id) => ({ id, score: score(id, symbol) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .map((r) => r.id);
  const deferred: string[] = [];
  for (const symbol of symbols) {
    const owner = ranked(symbol).find((id) => load(id) < floor);
    if (owner === undefined) deferred.push(symbol);
    else result.get(owner)?.push(symbol);
  }
  for (const symbol of deferred) {
    const candidates = ranked(symbol);
    const owner =
      candidates.find((id) => load(id) <= floor) ?? candidates.reduce((best, id) => (load(id) < load(best) ? id : best));
    result.get(owner)?.push(symbol);
  }
  return result;
}
