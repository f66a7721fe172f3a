/**
 * JSON text produced piece by piece into a sink, laid out exactly as
 * `stringifyJson` lays it out (same commas, newlines and indentation), so a
 * writer that streams and one that builds a string give the same text.
 */

/** Receives the text in order, in chunks of about `chunkSize` characters. */
export type TextSink = (text: string) => void;

/** Indentation strings up to this depth are kept; deeper ones are built when needed. */
const PAD_CACHE = 64;

export class JsonTextWriter {
  private buf = '';
  /** Children written so far in each open container, outermost first. */
  private readonly counts: number[] = [];
  /** `]` or `}` for each open container. */
  private readonly closers: string[] = [];
  /** True right after a key: the value that follows needs no comma or newline. */
  private keyed = false;
  private readonly sep: string;
  private readonly pads: string[] = [];

  /**
   * @param sink where the text goes.
   * @param indent spaces per level; 0 for one line.
   * @param chunkSize characters gathered before the sink is called.
   */
  constructor(
    private readonly sink: TextSink,
    private readonly indent: number,
    private readonly chunkSize = 65536,
  ) {
    this.sep = indent > 0 ? ': ' : ':';
  }

  /** Nesting depth: how many containers are open. */
  get depth(): number {
    return this.counts.length;
  }

  private newline(depth: number): string {
    if (this.indent === 0) return '';
    if (depth >= PAD_CACHE) return '\n' + ' '.repeat(this.indent * depth);
    let pad = this.pads[depth];
    if (pad === undefined) {
      pad = '\n' + ' '.repeat(this.indent * depth);
      this.pads[depth] = pad;
    }
    return pad;
  }

  /** The comma and newline that go before the next value or key of the open container. */
  private prefix(): void {
    if (this.keyed) {
      this.keyed = false;
      return;
    }
    const d = this.counts.length;
    if (d === 0) return;
    if (this.counts[d - 1]!++ > 0) this.buf += ',';
    this.buf += this.newline(d);
  }

  /** Writes an object key (escaped here); the next call writes its value. */
  key(key: string): void {
    this.prefix();
    this.buf += JSON.stringify(key) + this.sep;
    this.keyed = true;
  }

  /** Writes a value already in JSON form (a number, `null`, `true`, an escaped string). */
  raw(text: string): void {
    this.prefix();
    this.buf += text;
    if (this.buf.length >= this.chunkSize) this.flush();
  }

  /** Writes a string value. */
  string(text: string): void {
    this.raw(JSON.stringify(text));
  }

  /**
   * Writes `{"key": value}` at once: the same text as open, key, raw, close,
   * without their bookkeeping (the common case of a float among millions).
   */
  object1(keyJson: string, valueText: string): void {
    this.prefix();
    if (this.indent === 0) {
      this.buf += '{' + keyJson + ':' + valueText + '}';
    } else {
      const d = this.counts.length;
      this.buf += '{' + this.newline(d + 1) + keyJson + ': ' + valueText + this.newline(d) + '}';
    }
    if (this.buf.length >= this.chunkSize) this.flush();
  }

  /** Opens an array (`array` true) or an object. */
  open(array: boolean): void {
    this.prefix();
    this.buf += array ? '[' : '{';
    this.counts.push(0);
    this.closers.push(array ? ']' : '}');
  }

  /** Closes the innermost open container. */
  close(): void {
    const n = this.counts.pop()!;
    const closer = this.closers.pop()!;
    if (n > 0) this.buf += this.newline(this.counts.length);
    this.buf += closer;
    if (this.buf.length >= this.chunkSize) this.flush();
  }

  /** Hands what is gathered to the sink. */
  flush(): void {
    if (this.buf.length > 0) {
      const text = this.buf;
      this.buf = '';
      this.sink(text);
    }
  }
}
