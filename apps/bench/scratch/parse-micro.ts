import { decimalKey, isZeroQuantity } from '@lob/core';
const prices = Array.from({ length: 1000 }, (_, i) => JSON.parse(`["${(61000 + i * 0.01).toFixed(8)}"]`)[0] as string);
const qtys = Array.from({ length: 1000 }, (_, i) => JSON.parse(`["${(i % 3 === 0 ? 0 : i * 0.001).toFixed(8)}"]`)[0] as string);
let sink = 0;
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  for (let k = 0; k < 2000; k++) for (let i = 0; i < 1000; i++) sink += decimalKey(prices[i]!);
  const a = ((performance.now() - t) * 1e6) / 2e6;
  t = performance.now();
  for (let k = 0; k < 2000; k++) for (let i = 0; i < 1000; i++) sink += isZeroQuantity(qtys[i]!) ? 1 : 0;
  const b = ((performance.now() - t) * 1e6) / 2e6;
  t = performance.now();
  for (let k = 0; k < 2000; k++) for (let i = 0; i < 1000; i++) sink += parseFloat(prices[i]!);
  const c = ((performance.now() - t) * 1e6) / 2e6;
  console.log('decimalKey', a.toFixed(1), 'isZero', b.toFixed(1), 'parseFloat', c.toFixed(1), 'ns');
}
console.log(sink > 0);
import { fastDecimalKey, fastIsZero } from './fast-key.js';
for (const p of [...prices, '0.1', '0.10000000', '90071992.54740991', '1', '00.5', '12345678901234567890.12345678', '0.000000015', '1.', '.5']) {
  const a = decimalKey(p), b = fastDecimalKey(p);
  if (!(a === b || (a !== a && b !== b))) console.log('MISMATCH', p, a, b);
}
for (const bad of ['', '.', 'abc', '-1', '1e3', '1.2.3', ' 1']) if (fastDecimalKey(bad) === fastDecimalKey(bad)) console.log('accepts', bad);
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  for (let k = 0; k < 2000; k++) for (let i = 0; i < 1000; i++) sink += fastDecimalKey(prices[i]!);
  const a = ((performance.now() - t) * 1e6) / 2e6;
  t = performance.now();
  for (let k = 0; k < 2000; k++) for (let i = 0; i < 1000; i++) sink += fastIsZero(qtys[i]!) ? 1 : 0;
  const b = ((performance.now() - t) * 1e6) / 2e6;
  console.log('fast decimalKey', a.toFixed(1), 'fast isZero', b.toFixed(1), 'ns');
}
