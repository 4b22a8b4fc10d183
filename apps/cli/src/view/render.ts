import { bookTable } from './book-table.js';
import { cardGrid } from './card-grid.js';
import type { FrameModel } from './frame-model.js';
import { formatEta } from '../feeds/startup-progress.js';
import { ladderCard } from './ladder-card.js';
import { panelCard } from './panel-card.js';
import { finish, type Line } from './segments.js';
import type { ViewLayout } from './view-layout.js';

/** The terminal the frame is drawn for, and what the user picked. */
export interface RenderOptions {
  readonly width: number;
  readonly height: number;
  /** ANSI colours on or off (off in tests and on dumb terminals). */
  readonly color: boolean;
  /** Default `panels`. */
  readonly layout?: ViewLayout;
  /** Which page of books, from 0 (clamped to the pages there are). */
  readonly page?: number;
}

/** A drawn frame and where it stands among the pages. */
export interface RenderedFrame {
  readonly text: string;
  readonly pages: number;
  readonly page: number;
}

/**
 * Renders a frame, pure: same model and options, same text. Cards fill the terminal's width; when the books do not
 * all fit, levels shrink down to a few and then the books go on further pages. No line is wider than `width`, and
 * the frame is at most `height - 1` lines, so the terminal never scrolls under log-update.
 */
export function renderFrame(frame: FrameModel, options: RenderOptions): RenderedFrame {
  const width = Math.max(20, options.width);
  const maxLines = Math.max(2, options.height - 1);
  const layout = options.layout ?? 'panels';
  if (frame.panels.length === 0) {
    return { text: finish([titleLine(frame, width, 0, 1), [{ text: 'no books configured', style: 'dim' }]], width, options.color), pages: 1, page: 0 };
  }
  const page = options.page ?? 0;
  const body =
    layout === 'lines'
      ? bookTable(frame.panels, width, maxLines - 1, page)
      : cardGrid(frame.panels, layout === 'ladder' ? ladderCard(frame.panels) : panelCard(frame.panels), width, maxLines - 1, page);
  const lines = [titleLine(frame, width, body.page, body.pages), ...body.lines];
  return { text: finish(lines.slice(0, maxLines), width, options.color), pages: body.pages, page: body.page };
}

/** Renders a frame's first (or chosen) page to text. */
export function render(frame: FrameModel, options: RenderOptions): string {
  return renderFrame(frame, options).text;
}

/** Title, books live, a cold start's queue and time left, the clock, the page; the keys on the right. */
function titleLine(frame: FrameModel, width: number, page: number, pages: number): Line {
  const clock = new Date(frame.now).toISOString().slice(11, 19);
  const live = frame.panels.filter((p) => p.state === 'live').length;
  // Books the exchange does not know never go live: counted apart, so "n/n live" still means all is well.
  const invalid = frame.panels.filter((p) => p.state === 'invalid').length;
  const counts = `${live}/${frame.panels.length - invalid} live${invalid === 0 ? '' : `, ${invalid} invalid`}`;
  const { snapshotsQueued, etaMs } = frame.progress;
  const queue = snapshotsQueued === 0 ? '' : `  ${snapshotsQueued} snapshots queued, ~${formatEta(etaMs)} left`;
  const pageNote = pages > 1 ? `  page ${page + 1}/${pages}` : '';
  const left = `${frame.title}  ${counts}${queue}  ${clock} UTC${pageNote}`;
  const right = pages > 1 ? 'v view · ←/→ page · q quit' : 'v view · q quit';
  const space = width - left.length - right.length;
  return space >= 2
    ? [{ text: left, style: 'title' }, { text: ' '.repeat(space) }, { text: right, style: 'dim' }]
    : [{ text: left, style: 'title' }];
}
