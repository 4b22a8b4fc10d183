import { ExchangeSimError } from './errors.js';
import type { SymbolSpec } from './symbol-spec.js';
import { TrafficGenerator, type DepthEvent } from './traffic-generator.js';
import type { SymbolBook } from './true-book.js';

/** One symbol to generate: how it is priced and the seed of its traffic. */
export interface GeneratedSymbol {
  readonly spec: SymbolSpec;
  readonly seed: number;
}

/**
 * The venue-neutral part of a generated exchange: a traffic generator and true book per symbol. A wire module
 * (OKX, Kraken) turns each event into its own frames; nothing here knows how a venue writes them.
 */
export class SimulatedMarket {
  private readonly generators = new Map<string, TrafficGenerator>();

  constructor(symbols: readonly GeneratedSymbol[], maxLevelsPerSide?: number) {
    for (const { spec, seed } of symbols) {
      if (this.generators.has(spec.symbol)) throw new ExchangeSimError('invalid-option', `symbol ${spec.symbol} given twice`);
      // Ids are drawn as on Binance spot: large, increasing, jumping by more than one per event.
      this.generators.set(spec.symbol, new TrafficGenerator(spec, false, seed, maxLevelsPerSide));
    }
  }

  /** The symbols, in the order they were configured. */
  symbols(): string[] {
    return [...this.generators.keys()];
  }

  /** True for a generated symbol. */
  has(symbol: string): boolean {
    return this.generators.has(symbol);
  }

  /** How a symbol is priced and printed. */
  spec(symbol: string): SymbolSpec {
    return this.generator(symbol).spec;
  }

  /** The symbol's true book (live object: read it, do not change it). */
  book(symbol: string): SymbolBook {
    return this.generator(symbol).book;
  }

  /** Generates the symbol's next event and applies it to its true book. */
  next(symbol: string): DepthEvent {
    return this.generator(symbol).next();
  }

  private generator(symbol: string): TrafficGenerator {
    const generator = this.generators.get(symbol);
    if (!generator) throw new ExchangeSimError('unknown-symbol', `unknown symbol ${symbol}`);
    return generator;
  }
}
