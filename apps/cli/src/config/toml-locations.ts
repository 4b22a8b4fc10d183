/** A key path into a parsed document: table keys and array indexes, e.g. `["exchanges", 0, "symbols", 2]`. */
export type KeyPath = readonly (string | number)[];

/** Where something starts in a source text, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Formats a key path the way users read it: `exchanges[0].symbols[2]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out === '' ? '' : '.') + (/^[A-Za-z0-9_-]+$/.test(part) ? part : JSON.stringify(part));
  }
  return out;
}

/**
 * Where `path` is written in a TOML document, or where its nearest ancestor is when the key itself is absent
 * (a missing key points at its table). smol-toml gives values without positions, so this re-scans the text; it
 * is only run on text that already parsed, so it can be lenient.
 */
export function locateKey(source: string, path: KeyPath): SourcePosition | undefined {
  const positions = indexTomlPositions(source);
  for (let n = path.length; n > 0; n--) {
    const hit = positions.get(formatKeyPath(path.slice(0, n)));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Maps every table header, key and array element of a TOML document (by formatted key path) to where it starts. */
export function indexTomlPositions(source: string): Map<string, SourcePosition> {
  const scanner = new Scanner(source);
  const out = new Map<string, SourcePosition>();
  const record = (path: KeyPath, at: SourcePosition): void => {
    const key = formatKeyPath(path);
    if (!out.has(key)) out.set(key, at);
  };
  const arrayTables = new Map<string, number>();
  let table: (string | number)[] = [];
  for (;;) {
    scanner.skipBlank(true);
    if (scanner.eof()) break;
    const at = scanner.position();
    const before = scanner.offset();
    if (scanner.peek() === '[') {
      const isArray = scanner.startsWith('[[');
      scanner.advance(isArray ? 2 : 1);
      scanner.skipBlank(false);
      const parts = scanner.readKey();
      const resolved: (string | number)[] = [];
      parts.forEach((part, i) => {
        resolved.push(part);
        const key = formatKeyPath(resolved);
        const count = arrayTables.get(key);
        if (i === parts.length - 1 && isArray) {
          arrayTables.set(key, (count ?? 0) + 1);
          resolved.push(count ?? 0);
        } else if (count !== undefined) {
          resolved.push(count - 1); // [a.b] after [[a]] means b of the last a
        }
      });
      record(resolved, at);
      table = resolved;
      scanner.skipLine();
    } else {
      const parts = scanner.readKey();
      if (parts.length > 0) {
        for (let n = 1; n <= parts.length; n++) record([...table, ...parts.slice(0, n)], at);
        scanner.skipBlank(false);
        if (scanner.peek() === '=') {
          scanner.advance(1);
          scanner.skipBlank(false);
          skipValue(scanner, [...table, ...parts], record);
        }
      }
      scanner.skipLine();
    }
    if (scanner.offset() === before) scanner.advance(1); // never loop on text we do not understand
  }
  return out;
}

/** Skips one value, recording where each array element and inline-table key starts. */
function skipValue(scanner: Scanner, path: KeyPath, record: (path: KeyPath, at: SourcePosition) => void): void {
  const c = scanner.peek();
  if (c === '"' || c === "'") return scanner.skipString();
  if (c === '[') {
    scanner.advance(1);
    for (let index = 0; ; index++) {
      scanner.skipBlank(true);
      if (scanner.eof() || scanner.peek() === ']') break;
      const before = scanner.offset();
      record([...path, index], scanner.position());
      skipValue(scanner, [...path, index], record);
      scanner.skipBlank(true);
      if (scanner.peek() === ',') scanner.advance(1);
      else if (scanner.offset() === before) scanner.advance(1);
    }
    scanner.advance(1);
    return;
  }
  if (c === '{') {
    scanner.advance(1);
    for (;;) {
      scanner.skipBlank(true);
      if (scanner.eof() || scanner.peek() === '}') break;
      const before = scanner.offset();
      const at = scanner.position();
      const parts = scanner.readKey();
      record([...path, ...parts], at);
      scanner.skipBlank(false);
      if (scanner.peek() === '=') {
        scanner.advance(1);
        scanner.skipBlank(false);
        skipValue(scanner, [...path, ...parts], record);
      }
      scanner.skipBlank(true);
      if (scanner.peek() === ',') scanner.advance(1);
      else if (scanner.offset() === before) scanner.advance(1);
    }
    scanner.advance(1);
    return;
  }
  // A bare scalar (number, boolean, date): it ends at a separator, a comment or the end of the line.
  while (!scanner.eof() && !',]}\n#'.includes(scanner.peek() ?? '')) scanner.advance(1);
}

/** A cursor over the text that keeps track of line and column. */
class Scanner {
  private i = 0;
  private line = 1;
  private column = 1;

  constructor(private readonly text: string) {}

  eof(): boolean {
    return this.i >= this.text.length;
  }

  peek(ahead = 0): string | undefined {
    return this.text[this.i + ahead];
  }

  offset(): number {
    return this.i;
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.i);
  }

  position(): SourcePosition {
    return { line: this.line, column: this.column };
  }

  advance(n: number): void {
    for (let k = 0; k < n && this.i < this.text.length; k++) {
      if (this.text[this.i++] === '\n') {
        this.line++;
        this.column = 1;
      } else {
        this.column++;
      }
    }
  }

  /** Skips spaces, tabs and comments, and newlines too when `newlines`. */
  skipBlank(newlines: boolean): void {
    while (!this.eof()) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.advance(1);
      else if (c === '#') while (!this.eof() && this.peek() !== '\n') this.advance(1);
      else return;
    }
  }

  /** Skips the rest of the line (a trailing comment, or text after a header). */
  skipLine(): void {
    while (!this.eof() && this.peek() !== '\n') this.advance(1);
  }

  /** Reads a dotted key of bare and quoted parts; stops before `=`, `]` or a newline. */
  readKey(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipBlank(false);
      const c = this.peek();
      if (c === '"' || c === "'") {
        const start = this.i;
        this.skipString();
        parts.push(unquote(this.text.slice(start, this.i)));
      } else {
        let bare = '';
        while (!this.eof() && /[A-Za-z0-9_-]/.test(this.peek() ?? '')) {
          bare += this.peek();
          this.advance(1);
        }
        if (bare === '') return parts;
        parts.push(bare);
      }
      this.skipBlank(false);
      if (this.peek() !== '.') return parts;
      this.advance(1);
    }
  }

  /** Skips a basic, literal or multi-line string starting at the cursor. */
  skipString(): void {
    const quote = this.peek() as string;
    const triple = quote.repeat(3);
    if (this.startsWith(triple)) {
      this.advance(3);
      while (!this.eof() && !this.startsWith(triple)) this.advance(quote === '"' && this.peek() === '\\' ? 2 : 1);
      this.advance(3);
      while (this.peek() === quote) this.advance(1); // up to two quotes may close a multi-line string
      return;
    }
    this.advance(1);
    while (!this.eof() && this.peek() !== quote && this.peek() !== '\n') this.advance(quote === '"' && this.peek() === '\\' ? 2 : 1);
    this.advance(1);
  }
}

/** The text of a quoted key (escapes kept simple: keys with escapes are rare and only used for lookup). */
function unquote(quoted: string): string {
  if (quoted.startsWith('"')) {
    try {
      return JSON.parse(quoted) as string;
    } catch {
      return quoted.slice(1, -1);
    }
  }
  return quoted.slice(1, -1);
}
