import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { BookCard } from './book-card.js';
import { ratePerSecond } from './format.js';
import { followBooks, streamUrl } from './stream-client.js';
import { bookKey, type StatusAnswer } from './types.js';

/** Levels per side in each ladder, and levels the chart draws (the stream sends the chart's, the ladder shows the top). */
const LADDER_LEVELS = 10;
const CHART_LEVELS = 50;
/** Books shown at most: each one is a chart and a ladder redrawn up to ten times a second. */
const MAX_BOOKS = 60;
const STATUS_EVERY_MS = 1000;

const params = new URLSearchParams(location.search);
const levels = clamp(Number(params.get('levels') ?? LADDER_LEVELS), 1, 100);
const chartLevels = Math.max(levels, clamp(Number(params.get('chart') ?? CHART_LEVELS), 1, 100));
/** `?books=venue:SYMBOL,...` picks books; otherwise the first MAX_BOOKS. */
const chosen = params.get('books')?.split(',').filter((b) => b !== '');

const grid = document.getElementById('books')!;
const connection = document.getElementById('connection')!;
const summary = document.getElementById('summary')!;
const cards = new Map<string, BookCard>();
const counts = new Map<string, { count: number; time: number }>();

function clamp(n: number, low: number, high: number): number {
  return Number.isInteger(n) ? Math.min(high, Math.max(low, n)) : low;
}

async function readStatus(): Promise<StatusAnswer> {
  const res = await fetch('/status', { cache: 'no-store' });
  if (!res.ok) throw new Error(`GET /status answered ${res.status}`);
  return (await res.json()) as StatusAnswer;
}

/** Applies one `/status` answer to the cards: state, reason, resyncs, update rate; and the header's counts. */
function showStatus(answer: StatusAnswer): void {
  let live = 0;
  for (const book of answer.books) {
    const key = bookKey(book);
    if (book.state === 'live') live++;
    const card = cards.get(key);
    if (card === undefined) continue;
    const now = { count: book.updatesApplied, time: answer.time };
    card.showStatus(book, answer.time, ratePerSecond(counts.get(key), now));
    counts.set(key, now);
  }
  const shown = cards.size < answer.books.length ? ` · showing ${cards.size} (choose with ?books=venue:SYMBOL,...)` : '';
  summary.textContent = `${live}/${answer.books.length} books live${shown}`;
  document.body.dataset.live = String(live);
}

async function start(): Promise<void> {
  const first = await readStatus();
  const books = first.books.filter((b) => chosen === undefined || chosen.includes(bookKey(b))).slice(0, MAX_BOOKS);
  for (const book of books) {
    const card = new BookCard(book.market, book.symbol, levels);
    cards.set(bookKey(book), card);
    grid.append(card.root);
  }
  showStatus(first);
  followBooks(streamUrl(location, [...cards.keys()], chartLevels), {
    onDepth: (message) => cards.get(bookKey(message))?.showDepth(message),
    onConnection: (state, detail) => {
      connection.textContent = detail === undefined ? `stream ${state}` : `stream ${state}: ${detail}`;
      connection.dataset.state = state;
    },
  });
  // Polled one at a time: a slow answer is never overtaken by the next one.
  const poll = async (): Promise<void> => {
    try {
      showStatus(await readStatus());
    } catch (error) {
      summary.textContent = `status unavailable: ${(error as Error).message}`;
    }
    setTimeout(() => void poll(), STATUS_EVERY_MS);
  };
  setTimeout(() => void poll(), STATUS_EVERY_MS);
}

start().catch((error: unknown) => {
  summary.textContent = `cannot read the books: ${(error as Error).message}`;
  setTimeout(() => location.reload(), 5000);
});
