// Turns a stream's chunks into whole lines: a line split across two chunks comes out once it
// is complete. A line longer than the cap is cut so one runaway writer cannot eat memory.

export class LineSplitter {
  private partial = ''
  /** Lines cut because they ran past maxLineChars. */
  truncated = 0

  constructor(private readonly maxLineChars = 64 * 1024) {}

  /** The complete lines in this chunk (with any carried-over start), without their newlines. */
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n')
    this.partial = parts.pop() ?? ''
    if (this.partial.length > this.maxLineChars) {
      parts.push(this.partial.slice(0, this.maxLineChars))
      this.partial = ''
      this.truncated += 1
    }
    return parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
  }

  /** Drops a half line, as when the stream restarts. */
  reset(): void {
    this.partial = ''
  }
}
