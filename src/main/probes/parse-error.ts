/**
 * A tool printed something its parser cannot trust. Names the tool and the offending line so
 * the user sees where the output went wrong; parsers throw this instead of returning zeros.
 */
export class ParseError extends Error {
  override name = 'ParseError'
  readonly kind = 'parse-error'
  constructor(
    readonly tool: string,
    readonly detail: string,
    /** 1-based line number in the tool's output, when one line is to blame. */
    readonly lineNumber?: number,
    readonly line?: string
  ) {
    super(
      lineNumber === undefined
        ? `${tool}: ${detail}`
        : `${tool}: ${detail} at line ${lineNumber}${line === undefined ? '' : `: ${JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line)}`}`
    )
  }
}
