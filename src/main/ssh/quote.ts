// Every remote command is built here from an argv, so no caller ever concatenates shell text.
// The remote side is the user's login shell running `sh -c`; we assume a POSIX shell there.

/** An argument that no POSIX shell command can carry (a NUL byte ends a C string). */
export class ShellQuoteError extends Error {
  override name = 'ShellQuoteError'
  readonly kind = 'invalid-argument'
}

// Words made only of these characters mean the same to sh quoted or not ('=' is left out so
// a first word like `a=b` is never taken as an assignment).
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/
// Reserved words are only special as a command name, but quoting them anywhere is harmless.
const RESERVED = new Set(['!', '{', '}', '[[', ']]', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'select', 'then', 'time', 'until', 'while'])

function quoteWord(word: string, index: number): string {
  if (word.includes('\0')) throw new ShellQuoteError(`argument ${index} contains a NUL byte, which no remote command can carry`)
  if (SAFE_WORD.test(word) && !RESERVED.has(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/** Builds a POSIX sh command line that runs exactly `argv` (single-quote style). */
export function shellQuote(argv: readonly string[]): string {
  if (argv.length === 0) throw new ShellQuoteError('cannot build a command from an empty argv')
  return argv.map(quoteWord).join(' ')
}
