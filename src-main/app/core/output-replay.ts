/**
 * The recent output of one tab, kept so a view that attaches late (a reload, a second window) can
 * replay what the terminal showed. Bounded in characters; the oldest output is dropped first, and a
 * replay starts at a line boundary so it does not begin in the middle of an escape sequence's line.
 */
export class OutputReplay {
  private chunks: string[] = [];
  private length = 0;
  /** Characters ever appended: the position of the end of the output (views drop what they have). */
  private total = 0;

  constructor(private readonly limit: number) {}

  get position(): number {
    return this.total;
  }

  append(text: string): void {
    if (text.length === 0) return;
    this.chunks.push(text);
    this.length += text.length;
    this.total += text.length;
    while (this.length - (this.chunks[0]?.length ?? 0) >= this.limit) {
      this.length -= this.chunks.shift()?.length ?? 0;
    }
  }

  /** The kept output, from the first line start after anything that was cut. */
  snapshot(): string {
    const text = this.chunks.join('');
    this.chunks = text ? [text] : [];
    if (this.total === this.length) return text;
    const newline = text.indexOf('\n');
    return newline >= 0 ? text.slice(newline + 1) : text;
  }
}
