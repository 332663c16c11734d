// The text filters a demo host can pipe into (`| head`, `| grep`, `| wc -l`, ...), run in
// process on the producer's output. `head` stops the producer once it has enough, as
// SIGPIPE would, so `vmstat 1 | head -3` ends.

export interface Filter {
  write(text: string): void
  /** Flushes what the filter held back and returns its exit status. */
  end(): number
}

export type FilterResult = { ok: true; filter: Filter } | { ok: false; message: string; status: number }

type Emit = (text: string) => void

/** Splits written text into whole lines; the last partial line waits for more (or the end). */
function lineFilter(onLine: (line: string) => void, onEnd: () => number): Filter {
  let pending = ''
  return {
    write(text) {
      pending += text
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) onLine(line)
    },
    end() {
      if (pending !== '') onLine(pending)
      pending = ''
      return onEnd()
    }
  }
}

function count(args: string[], fallback: number): number | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '-n') return Number(args[i + 1])
    if (/^-n\d+$/.test(arg)) return Number(arg.slice(2))
    if (/^-\d+$/.test(arg)) return Number(arg.slice(1))
  }
  return fallback
}

function head(args: string[], emit: Emit, stop: () => void): FilterResult {
  const n = count(args, 10)
  if (n === null || !Number.isInteger(n) || n < 0) return { ok: false, message: 'head: invalid number of lines', status: 1 }
  let seen = 0
  if (n === 0) stop()
  return {
    ok: true,
    filter: lineFilter(
      (line) => {
        if (seen >= n) return
        emit(`${line}\n`)
        if (++seen === n) stop()
      },
      () => 0
    )
  }
}

function tail(args: string[], emit: Emit): FilterResult {
  const n = count(args, 10)
  if (n === null || !Number.isInteger(n) || n < 0) return { ok: false, message: 'tail: invalid number of lines', status: 1 }
  const kept: string[] = []
  return {
    ok: true,
    filter: lineFilter(
      (line) => {
        kept.push(line)
        if (kept.length > n) kept.shift()
      },
      () => {
        emit(kept.map((l) => `${l}\n`).join(''))
        return 0
      }
    )
  }
}

function grep(args: string[], emit: Emit): FilterResult {
  let invert = false
  let ignoreCase = false
  let countOnly = false
  let quiet = false
  let fixed = false
  let pattern: string | undefined
  for (const arg of args) {
    if (pattern === undefined && /^-[vicqEFw]+$/.test(arg)) {
      invert ||= arg.includes('v')
      ignoreCase ||= arg.includes('i')
      countOnly ||= arg.includes('c')
      quiet ||= arg.includes('q')
      fixed ||= arg.includes('F')
    } else if (pattern === undefined) pattern = arg
    else return { ok: false, message: 'grep: reading files is not supported by the demo fleet', status: 2 }
  }
  if (pattern === undefined) return { ok: false, message: 'Usage: grep [OPTION]... PATTERNS [FILE]...', status: 2 }
  let regex: RegExp
  try {
    // Basic and extended regular expressions share what probes and people type most.
    regex = new RegExp(fixed ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern, ignoreCase ? 'i' : '')
  } catch {
    return { ok: false, message: `grep: Invalid regular expression`, status: 2 }
  }
  let matches = 0
  return {
    ok: true,
    filter: lineFilter(
      (line) => {
        if (regex.test(line) === invert) return
        matches++
        if (!countOnly && !quiet) emit(`${line}\n`)
      },
      () => {
        if (countOnly && !quiet) emit(`${matches}\n`)
        return matches > 0 ? 0 : 1
      }
    )
  }
}

function wc(args: string[], emit: Emit): FilterResult {
  const flags = args.join('').replace(/-/g, '')
  let lines = 0
  let words = 0
  let bytes = 0
  return {
    ok: true,
    filter: {
      write(text) {
        lines += (text.match(/\n/g) ?? []).length
        words += (text.match(/\S+/g) ?? []).length
        bytes += Buffer.byteLength(text)
      },
      end() {
        const parts = flags === '' ? [lines, words, bytes] : [flags.includes('l') ? lines : null, flags.includes('w') ? words : null, flags.includes('c') ? bytes : null]
        const shown = parts.filter((p): p is number => p !== null)
        emit(`${shown.length === 1 ? String(shown[0]) : shown.map((p) => String(p).padStart(7)).join(' ')}\n`)
        return 0
      }
    }
  }
}

function sort(args: string[], emit: Emit): FilterResult {
  const flags = args.join('').replace(/-/g, '')
  const lines: string[] = []
  return {
    ok: true,
    filter: lineFilter(
      (line) => lines.push(line),
      () => {
        let sorted = flags.includes('n') ? [...lines].sort((a, b) => parseFloat(a) - parseFloat(b)) : [...lines].sort()
        if (flags.includes('r')) sorted.reverse()
        if (flags.includes('u')) sorted = sorted.filter((l, i) => i === 0 || l !== sorted[i - 1])
        emit(sorted.map((l) => `${l}\n`).join(''))
        return 0
      }
    )
  }
}

function uniq(args: string[], emit: Emit): FilterResult {
  const counted = args.includes('-c')
  let last: string | null = null
  let n = 0
  const flush = () => {
    if (last !== null) emit(counted ? `${String(n).padStart(7)} ${last}\n` : `${last}\n`)
  }
  return {
    ok: true,
    filter: lineFilter(
      (line) => {
        if (line === last) n++
        else {
          flush()
          last = line
          n = 1
        }
      },
      () => {
        flush()
        return 0
      }
    )
  }
}

/** Builds the filter a pipeline stage names, or says why it cannot. */
export function makeFilter(argv: string[], emit: Emit, stopUpstream: () => void): FilterResult {
  const [name = '', ...args] = argv
  switch (name) {
    case 'head':
      return head(args, emit, stopUpstream)
    case 'tail':
      return tail(args, emit)
    case 'grep':
    case 'egrep':
      return grep(args, emit)
    case 'wc':
      return wc(args, emit)
    case 'sort':
      return sort(args, emit)
    case 'uniq':
      return uniq(args, emit)
    case 'cat':
      return { ok: true, filter: { write: emit, end: () => 0 } }
    default:
      return { ok: false, message: `${name}: cannot be piped into on the demo fleet (head, tail, grep, wc, sort, uniq and cat can)`, status: 127 }
  }
}
