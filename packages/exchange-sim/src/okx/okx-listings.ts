/** OKX instrument types the simulator lists (the order books of options are left out). */
export type OkxInstType = 'SPOT' | 'SWAP' | 'FUTURES';

/** One OKX instrument as `--demo` and tests can list it: id, type, a plausible price, tick and lot. */
export interface OkxListing {
  readonly instId: string;
  readonly instType: OkxInstType;
  /** A plausible mid price (2025), as a decimal string. */
  readonly midPrice: string;
  /** OKX `tickSz`. */
  readonly tickSize: string;
  /** OKX `lotSz` (a power of ten: base currency on SPOT, contracts on SWAP and FUTURES). */
  readonly lotSize: string;
  /** OKX `ctVal` of a contract (SWAP, FUTURES). */
  readonly contractValue?: string;
}

/**
 * A sample of real OKX instruments (widely traded ones, 2025) with their tick and lot sizes, so a simulated OKX
 * knows which instIds exist. Not a complete or current listing; the one dated future expires on 2026-12-25.
 */
export const OKX_SAMPLE_LISTINGS: readonly OkxListing[] = [
  { instId: 'BTC-USDT', instType: 'SPOT', midPrice: '65000', tickSize: '0.1', lotSize: '0.00000001' },
  { instId: 'ETH-USDT', instType: 'SPOT', midPrice: '3500', tickSize: '0.01', lotSize: '0.000001' },
  { instId: 'SOL-USDT', instType: 'SPOT', midPrice: '150', tickSize: '0.01', lotSize: '0.000001' },
  { instId: 'XRP-USDT', instType: 'SPOT', midPrice: '0.6', tickSize: '0.0001', lotSize: '0.000001' },
  { instId: 'DOGE-USDT', instType: 'SPOT', midPrice: '0.15', tickSize: '0.00001', lotSize: '0.000001' },
  { instId: 'BTC-USDC', instType: 'SPOT', midPrice: '65000', tickSize: '0.1', lotSize: '0.00000001' },
  { instId: 'ETH-BTC', instType: 'SPOT', midPrice: '0.054', tickSize: '0.00001', lotSize: '0.000001' },
  { instId: 'BTC-USDT-SWAP', instType: 'SWAP', midPrice: '65000', tickSize: '0.1', lotSize: '0.01', contractValue: '0.01' },
  { instId: 'ETH-USDT-SWAP', instType: 'SWAP', midPrice: '3500', tickSize: '0.01', lotSize: '0.01', contractValue: '0.1' },
  { instId: 'SOL-USDT-SWAP', instType: 'SWAP', midPrice: '150', tickSize: '0.01', lotSize: '0.01', contractValue: '1' },
  { instId: 'BTC-USD-SWAP', instType: 'SWAP', midPrice: '65000', tickSize: '0.1', lotSize: '1', contractValue: '100' },
  { instId: 'BTC-USDT-261225', instType: 'FUTURES', midPrice: '66000', tickSize: '0.1', lotSize: '0.01', contractValue: '0.01' },
];

const ID_PATTERN = /^[A-Z0-9]+(-[A-Z0-9]+){1,2}$/;

/** The type of an instId by OKX's spelling (BASE-QUOTE spot, ...-SWAP perpetual, ...-YYMMDD future), or undefined. */
export function okxInstType(instId: string): OkxInstType | undefined {
  if (!ID_PATTERN.test(instId)) return undefined;
  const parts = instId.split('-');
  if (parts.length === 2) return 'SPOT';
  if (parts[2] === 'SWAP') return 'SWAP';
  return /^\d{6}$/.test(parts[2] ?? '') ? 'FUTURES' : undefined;
}

/** The sample listing of an instId, if it is one. */
export function okxSampleListing(instId: string): OkxListing | undefined {
  return OKX_SAMPLE_LISTINGS.find((l) => l.instId === instId);
}
