import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { readKeys, type KeyboardInput, type ViewKey } from './key-input.js';

class FakeTerminal extends EventEmitter implements KeyboardInput {
  raw = false;
  flowing = false;
  constructor(readonly isTTY: boolean) {
    super();
  }
  setRawMode(mode: boolean): void {
    this.raw = mode;
  }
  setEncoding(): void {}
  resume(): void {
    this.flowing = true;
  }
  pause(): void {
    this.flowing = false;
  }
}

describe('readKeys', () => {
  it('turns Ctrl-C and q into quit while the terminal is in raw mode, and ignores other keys', () => {
    const terminal = new FakeTerminal(true);
    const keys: ViewKey[] = [];
    readKeys(terminal, (key) => keys.push(key));
    expect(terminal.raw).toBe(true);
    terminal.emit('data', 'x');
    expect(keys).toEqual([]);
    terminal.emit('data', '\x03');
    terminal.emit('data', 'aq');
    expect(keys).toEqual(['quit', 'quit']);
  });

  it('reads the layout and paging keys, arrows and Page Up/Down included, several in one chunk', () => {
    const terminal = new FakeTerminal(true);
    const keys: ViewKey[] = [];
    readKeys(terminal, (key) => keys.push(key));
    terminal.emit('data', 'v');
    terminal.emit('data', '\x1b[C\x1b[6~n');
    terminal.emit('data', '\x1b[D\x1b[5~p');
    terminal.emit('data', '\x1b[A');
    expect(keys).toEqual(['next-layout', 'next-page', 'next-page', 'next-page', 'previous-page', 'previous-page', 'previous-page']);
  });

  it('gives the terminal back: raw mode off, input paused, keys no longer read', () => {
    const terminal = new FakeTerminal(true);
    const keys: ViewKey[] = [];
    const release = readKeys(terminal, (key) => keys.push(key));
    release();
    release();
    expect(terminal.raw).toBe(false);
    expect(terminal.flowing).toBe(false);
    terminal.emit('data', '\x03');
    expect(keys).toEqual([]);
  });

  it('leaves input that is not a terminal alone', () => {
    const terminal = new FakeTerminal(false);
    readKeys(terminal, () => undefined);
    expect(terminal.raw).toBe(false);
    expect(terminal.listenerCount('data')).toBe(0);
  });
});
