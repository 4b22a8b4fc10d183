import { Chalk, type ChalkInstance } from 'chalk';
import type { SyncState } from '@lob/core';

/** How a piece of text is painted. */
export type Style = 'bid' | 'ask' | 'dim' | 'title' | 'good' | 'warn' | 'bad' | 'bid-bar' | 'ask-bar';

/** A run of text in one style. */
export interface Segment {
  readonly text: string;
  readonly style?: Style;
}

/** One line of the frame, as styled runs. */
export type Line = Segment[];

/** Pads or cuts a line to exactly `width` visible columns (a cut ends in "…"). */
export function fit(line: Line, width: number): Line {
  const out: Line = [];
  let used = 0;
  for (const segment of line) {
    if (used >= width) break;
    const text = segment.text.length > width - used ? segment.text.slice(0, Math.max(0, width - used - 1)) + '…' : segment.text;
    out.push({ ...segment, text });
    used += text.length;
  }
  if (used < width) out.push({ text: ' '.repeat(width - used) });
  return out;
}

/** Wraps a row in a card's side borders, padding or cutting it to exactly `inner` columns. */
export function boxed(content: Line, inner: number): Line {
  return [{ text: '│', style: 'dim' }, ...fit(content, inner), { text: '│', style: 'dim' }];
}

/** Joins lines into the frame's text: each cut to `width`, painted when colour is on, trailing blanks dropped. */
export function finish(lines: readonly Line[], width: number, color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  return lines
    .map((line) => {
      let used = 0;
      let out = '';
      for (const segment of line) {
        if (used >= width) break;
        const text = segment.text.slice(0, width - used);
        used += text.length;
        out += paint(chalk, segment.style, text);
      }
      return out.trimEnd();
    })
    .join('\n');
}

function paint(chalk: ChalkInstance, style: Style | undefined, text: string): string {
  switch (style) {
    case 'bid':
      return chalk.green(text);
    case 'ask':
      return chalk.red(text);
    case 'bid-bar':
      return chalk.green.dim(text);
    case 'ask-bar':
      return chalk.red.dim(text);
    case 'dim':
      return chalk.gray(text);
    case 'title':
      return chalk.bold(text);
    case 'good':
      return chalk.green.bold(text);
    case 'warn':
      return chalk.yellow(text);
    case 'bad':
      return chalk.red.bold(text);
    default:
      return text;
  }
}

/** Right-aligns text in `width` columns (longer text is left whole). */
export function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

/** Left-aligns text in `width` columns (longer text is left whole). */
export function padEnd(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A book's state as a badge: "● live", "○ resyncing". */
export function stateBadge(state: SyncState): string {
  return `${state === 'live' ? '●' : '○'} ${state}`;
}

/** The colour of a state. */
export function stateStyle(state: SyncState): Style {
  switch (state) {
    case 'live':
      return 'good';
    case 'connecting':
    case 'syncing':
    case 'resyncing':
      return 'warn';
    case 'backing-off':
    case 'invalid':
      return 'bad';
    default:
      return 'dim';
  }
}

/** Splits text into at most `lines` lines of `width` columns at spaces; the last one is cut with "…" if need be. */
export function wrapText(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > 0 && out.length < lines) {
    if (rest.length <= width || out.length === lines - 1) {
      out.push(rest.length <= width ? rest : rest.slice(0, Math.max(0, width - 1)) + '…');
      break;
    }
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > width / 3 ? cut : width;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  return out;
}
