/** A plain non-negative decimal as exchanges send quantities: digits, optionally a point and more digits. */
const PLAIN_DECIMAL = /^(\d+)(?:\.(\d*))?$/;

/** A decimal string split into an integer of units and its number of fraction digits. */
interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

function scaled(text: string): Scaled | undefined {
  const match = PLAIN_DECIMAL.exec(text);
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  return { units: BigInt(match[1] + fraction), scale: fraction.length };
}

function toText({ units, scale }: Scaled): string {
  if (scale === 0) return units.toString();
  const digits = units.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Both numbers as units of the finer scale. */
function aligned(a: string, b: string): { x: bigint; y: bigint; scale: number } | undefined {
  const x = scaled(a);
  const y = scaled(b);
  if (x === undefined || y === undefined) return undefined;
  const scale = Math.max(x.scale, y.scale);
  return { x: x.units * 10n ** BigInt(scale - x.scale), y: y.units * 10n ** BigInt(scale - y.scale), scale };
}

/**
 * The exact sum of two non-negative decimal strings, with as many fraction digits as the longer of the two
 * ("1.50" + "0.125" = "1.625"); undefined when either is not a plain decimal (never a rounded float).
 */
export function addDecimals(a: string, b: string): string | undefined {
  const n = aligned(a, b);
  return n === undefined ? undefined : toText({ units: n.x + n.y, scale: n.scale });
}

/** The exact difference `a - b` of two non-negative decimal strings (negative when b is larger); undefined as addDecimals. */
export function subtractDecimals(a: string, b: string): string | undefined {
  const n = aligned(a, b);
  if (n === undefined) return undefined;
  const units = n.x - n.y;
  return units < 0n ? `-${toText({ units: -units, scale: n.scale })}` : toText({ units, scale: n.scale });
}
