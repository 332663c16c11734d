// A small POSIX-sh reader for what Rackside sends over exec: words with single quotes (as
// the app's quoting function produces), double quotes and backslashes, command lists joined
// by `;`, `&&`, `||` or newlines, pipelines, and the stderr/stdout redirections probes use.
// Anything beyond that (variables, subshells, background jobs) is refused with sh's own kind
// of message.

/** Where a command's output file descriptor ends up: the channel's stdout, its stderr, or nowhere. */
export type Sink = 'out' | 'err' | 'null'

export interface Redirects {
  stdout: Sink
  stderr: Sink
}

export interface SimpleCommand {
  argv: string[]
  redirects: Redirects
}

export interface ListItem {
  /** How this pipeline joins the previous one (null for the first). */
  connector: ';' | '&&' | '||' | null
  /** One command, or several joined by `|`. */
  pipeline: SimpleCommand[]
}

export type ParseResult = { ok: true; items: ListItem[] } | { ok: false; message: string }

type Token = { kind: 'word'; text: string; quoted: boolean } | { kind: 'op'; text: ';' | '&&' | '||' | '|' | '&' }

function tokenize(line: string): Token[] | string {
  const tokens: Token[] = []
  let word = ''
  let inWord = false
  let quoted = false
  const endWord = () => {
    if (inWord) tokens.push({ kind: 'word', text: word, quoted })
    word = ''
    inWord = false
    quoted = false
  }
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i)
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) return 'Syntax error: Unterminated quoted string'
      word += line.slice(i + 1, end)
      inWord = true
      quoted = true
      i = end
    } else if (c === '"') {
      inWord = true
      quoted = true
      let j = i + 1
      for (; j < line.length && line.charAt(j) !== '"'; j++) {
        const d = line.charAt(j)
        if (d === '\\' && '$`"\\\n'.includes(line.charAt(j + 1))) {
          j++
          if (line.charAt(j) !== '\n') word += line.charAt(j)
        } else if (d === '$' || d === '`') {
          return 'expansions ($, `) are not supported by the demo fleet'
        } else word += d
      }
      if (j >= line.length) return 'Syntax error: Unterminated quoted string'
      i = j
    } else if (c === '\\') {
      if (i + 1 < line.length && line.charAt(i + 1) !== '\n') {
        word += line.charAt(i + 1)
        inWord = true
        quoted = true
      }
      i++
    } else if (c === ' ' || c === '\t') {
      endWord()
    } else if (c === '\n' || c === ';') {
      endWord()
      tokens.push({ kind: 'op', text: ';' })
    } else if (c === '&' || c === '|') {
      // `2>&1` is a redirection, not an operator.
      if (c === '&' && inWord && /^\d?>$/.test(word)) {
        word += c
        continue
      }
      endWord()
      if (line.charAt(i + 1) === c) {
        tokens.push({ kind: 'op', text: c === '&' ? '&&' : '||' })
        i++
      } else tokens.push({ kind: 'op', text: c })
    } else if (c === '#' && !inWord) {
      break
    } else if ((c === '$' || c === '`' || c === '*' || c === '?' || c === '(' || c === ')' || c === '<') && !quoted) {
      if (c === '$' || c === '`') return 'expansions ($, `) are not supported by the demo fleet'
      if (c === '(' || c === ')') return `Syntax error: "${c}" unexpected`
      if (c === '<') return 'input redirection is not supported by the demo fleet'
      word += c
      inWord = true
    } else {
      word += c
      inWord = true
    }
  }
  endWord()
  return tokens
}

const REDIRECT = /^(\d?|&)>(>?)(.*)$/

/** Splits one exec command line into a list of simple commands. */
export function parseCommandLine(line: string): ParseResult {
  const tokens = tokenize(line)
  if (typeof tokens === 'string') return { ok: false, message: tokens }
  const items: ListItem[] = []
  let connector: ListItem['connector'] = null
  let pipeline: SimpleCommand[] = []
  let current: SimpleCommand = { argv: [], redirects: { stdout: 'out', stderr: 'err' } }
  const fresh = (): SimpleCommand => ({ argv: [], redirects: { stdout: 'out', stderr: 'err' } })
  const finish = (op: string | null): string | null => {
    if (current.argv.length === 0) {
      if (op === null && items.length === 0 && pipeline.length === 0) return null
      if (op === null && connector === ';' && pipeline.length === 0) return null
      return `Syntax error: "${op ?? 'end of file'}" unexpected`
    }
    if (op === '|') {
      pipeline.push(current)
      current = fresh()
      return null
    }
    items.push({ connector, pipeline: [...pipeline, current] })
    pipeline = []
    current = fresh()
    return null
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (!token) continue
    if (token.kind === 'op') {
      if (token.text === '&') return { ok: false, message: 'background jobs are not supported by the demo fleet' }
      const error = finish(token.text)
      if (error) return { ok: false, message: error }
      if (token.text !== '|') connector = token.text
      continue
    }
    const redirect = token.quoted ? null : REDIRECT.exec(token.text)
    if (redirect) {
      const fd = redirect[1] === '' ? '1' : redirect[1]
      let target = redirect[3] ?? ''
      if (target === '') {
        const next = tokens[i + 1]
        if (!next || next.kind !== 'word') return { ok: false, message: 'Syntax error: redirection unexpected' }
        target = next.text
        i++
      }
      // Applied left to right, as sh does: `2>&1 >/dev/null` keeps errors, drops output.
      const r = current.redirects
      if (fd === '2' && target === '&1') r.stderr = r.stdout
      else if (fd === '1' && target === '&2') r.stdout = r.stderr
      else if (target === '/dev/null' && (fd === '1' || fd === '2' || fd === '&')) {
        if (fd === '1' || fd === '&') r.stdout = 'null'
        if (fd === '2' || fd === '&') r.stderr = 'null'
      } else return { ok: false, message: `cannot create ${target}: Read-only file system` }
      continue
    }
    current.argv.push(token.text)
  }
  const error = finish(null)
  if (error) return { ok: false, message: error }
  return { ok: true, items }
}
