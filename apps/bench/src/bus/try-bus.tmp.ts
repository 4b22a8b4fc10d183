import { runBus } from './run-bus.js';
const [books = '1500', tick = '250', win = '15'] = process.argv.slice(2);
const r = await runBus({ books: Number(books), tickMs: Number(tick), windowSec: Number(win), consumers: 2 }, (t) => console.error(new Date().toISOString(), t));
console.log(JSON.stringify(r, null, 2));
