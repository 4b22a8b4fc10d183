import { describe, expect, it } from '@jest/globals';
import { BookDiffSource } from './book-diff-source.js';
import type { BookStreamMessage, DiffMessage, SnapshotMessage } from './messages.js';
import { ScriptedBook } from './testing/scripted-book.js';

function sourceOf(book: ScriptedBook, origin?: string): { source: BookDiffSource; sent: BookStreamMessage[] } {
  const sent: BookStreamMessage[] = [];
  const source = new BookDiffSource({ view: book.view, hasUpdateIds: true, emit: (m) => sent.push(m), now: () => 42, ...(origin === undefined ? {} : { origin }) });
  return { source, sent };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BookDiffSource', () => {
  it('sends a snapshot once the book is live, then each applied event numbered one after another', async () => {
    const book = new ScriptedBook();
    const { source, sent } = sourceOf(book);
    for (const event of book.goLive([['100.0', '1']], [['101.0', '2']], 10)) source.onEvent(event);
    source.onUpdate(book.apply([['99.5', '3']], []));
    source.onUpdate(book.apply([], [['101.0', '0']]));
    expect(sent).toEqual([]); // still the step that went live: the snapshot will hold these
    await settle();
    source.onUpdate(book.apply([['100.0', '0']], []));
    expect(sent.map((m) => m.type)).toEqual(['snapshot', 'diff']);
    const snapshot = sent[0] as SnapshotMessage;
    expect(snapshot).toMatchObject({ seq: 0, state: 'live', bids: [['100.0', '1'], ['99.5', '3']], asks: [], exactDepth: { bids: 1, asks: 1 } });
    expect(sent[1]).toMatchObject({ seq: 1, bids: [['100.0', '0']], asks: [], levels: { bids: 1, asks: 0 }, lastUpdateId: book.view.lastUpdateId });
  });

  it('tells readers once per spell out of sync, and starts again from a new snapshot', async () => {
    const book = new ScriptedBook();
    const { source, sent } = sourceOf(book);
    for (const event of book.goLive([['100', '1']], [['101', '1']], 1)) source.onEvent(event);
    await settle();
    source.onUpdate(book.apply([['100', '2']], []));
    source.onEvent(book.leave('gap: 7 after 5'));
    source.onEvent(book.leave('still out'));
    source.onUpdate(book.apply([['100', '3']], [])); // not live: never sent
    for (const event of book.goLive([['100', '4']], [['101', '1']], 50)) source.onEvent(event);
    await settle();
    expect(sent.map((m) => `${m.type}${'seq' in m ? m.seq : ''}`)).toEqual(['snapshot0', 'diff1', 'resync', 'snapshot2']);
    expect(sent[2]).toMatchObject({ type: 'resync', state: 'resyncing', reason: 'gap: 7 after 5', cause: 'gap' });
  });

  it('carries the exact depth in a diff only when it changed since the last message', async () => {
    const book = new ScriptedBook();
    const { source, sent } = sourceOf(book);
    for (const event of book.goLive([['100', '1']], [['101', '1']], 1)) source.onEvent(event);
    await settle();
    source.onUpdate(book.apply([['99', '1']], []));
    book.view.exactDepth = { bids: 0, asks: 1 };
    source.onUpdate(book.apply([['98', '1']], []));
    source.onUpdate(book.apply([['97', '1']], []));
    const diffs = sent.filter((m): m is DiffMessage => m.type === 'diff');
    expect(diffs.map((d) => d.exactDepth)).toEqual([undefined, { bids: 0, asks: 1 }, undefined]);
  });

  it('opens a new reader with the book, or a notice while it is out of sync', async () => {
    const book = new ScriptedBook();
    const { source } = sourceOf(book, 'lob-a');
    expect(source.opening()).toMatchObject({ type: 'resync', state: 'syncing' });
    for (const event of book.goLive([['100', '1']], [['101', '1']], 1)) source.onEvent(event);
    expect(source.opening()).toBeUndefined(); // the queued snapshot reaches it
    await settle();
    expect(source.opening()).toMatchObject({ type: 'snapshot', origin: 'lob-a', seq: 0, bids: [['100', '1']] });
  });

  it('sends nothing once closed, not even a queued snapshot', async () => {
    const book = new ScriptedBook();
    const { source, sent } = sourceOf(book);
    for (const event of book.goLive([['100', '1']], [['101', '1']], 1)) source.onEvent(event);
    source.close();
    await settle();
    source.onUpdate(book.apply([['99', '1']], []));
    expect(sent).toEqual([]);
  });
});
