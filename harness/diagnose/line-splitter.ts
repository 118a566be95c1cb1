/**
 * Splits a stream of text chunks into lines without keeping more than one line (pure). A line
 * longer than maxLineChars is cut there and the rest of it skipped, so a file without newlines
 * (a binary given by mistake) cannot exhaust memory the way readline would; cut lines are counted.
 */

export const DEFAULT_MAX_LINE_CHARS = 64 * 1024;

export class LineSplitter {
  private carry = '';
  private skipping = false;
  /** lines cut at maxLineChars */
  cutLines = 0;

  constructor(private readonly onLine: (line: string) => void, private readonly maxLineChars = DEFAULT_MAX_LINE_CHARS) {}

  push(chunk: string): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      if (newline < 0) break;
      const piece = chunk.slice(start, newline);
      start = newline + 1;
      if (this.skipping) {
        this.skipping = false;
        this.carry = '';
        continue;
      }
      const line = this.carry === '' ? piece : this.carry + piece;
      this.carry = '';
      this.emit(line.length > this.maxLineChars ? this.cut(line) : line);
    }
    if (start < chunk.length && !this.skipping) {
      this.carry += chunk.slice(start);
      if (this.carry.length > this.maxLineChars) {
        this.emit(this.cut(this.carry));
        this.carry = '';
        this.skipping = true;
      }
    }
  }

  /** The last line when the input does not end with a newline. */
  end(): void {
    if (this.carry !== '' && !this.skipping) this.emit(this.carry);
    this.carry = '';
    this.skipping = false;
  }

  private cut(line: string): string {
    this.cutLines += 1;
    return line.slice(0, this.maxLineChars);
  }

  private emit(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}
