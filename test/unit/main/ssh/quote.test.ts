import { describe, expect, it } from 'vitest'
import { shellQuote, ShellQuoteError } from '../../../../src/main/ssh/quote'

// A reference POSIX sh word splitter for single-quoted/bare words: enough to prove the round trip.
function unquote(command: string): string[] {
  const words: string[] = []
  let current: string | undefined
  for (let i = 0; i < command.length; i += 1) {
    const char = command[i] as string
    if (char === ' ') {
      if (current !== undefined) words.push(current)
      current = undefined
    } else if (char === "'") {
      const end = command.indexOf("'", i + 1)
      if (end < 0) throw new Error('unterminated quote')
      current = (current ?? '') + command.slice(i + 1, end)
      i = end
    } else if (char === '\\') {
      current = (current ?? '') + (command[i + 1] ?? '')
      i += 1
    } else {
      if (!/[A-Za-z0-9_@%+:,./-]/.test(char)) throw new Error(`unquoted special character ${JSON.stringify(char)}`)
      current = (current ?? '') + char
    }
  }
  if (current !== undefined) words.push(current)
  return words
}

describe('shellQuote', () => {
  it('leaves plain words bare and quotes everything else', () => {
    expect(shellQuote(['virsh', 'list', '--all'])).toBe('virsh list --all')
    expect(shellQuote(['cat', '/proc/loadavg'])).toBe('cat /proc/loadavg')
    expect(shellQuote(['echo', 'a b'])).toBe("echo 'a b'")
    expect(shellQuote(['echo', ''])).toBe("echo ''")
    expect(shellQuote(['echo', "it's"])).toBe("echo 'it'\\''s'")
    expect(shellQuote(['echo', '$(reboot)', '`id`', 'a;b', '*', '~', '#x'])).toBe("echo '$(reboot)' '`id`' 'a;b' '*' '~' '#x'")
  })

  it('quotes words sh would treat specially in command position', () => {
    expect(shellQuote(['if'])).toBe("'if'")
    expect(shellQuote(['a=b', 'c'])).toBe("'a=b' c")
    expect(shellQuote(['!'])).toBe("'!'")
  })

  it('round-trips awkward arguments', () => {
    const argv = ['printf', '%s', "'", "''", 'a\nb', 'tab\there', 'ünïcødé ✓', '-rf', '--', '$HOME', '\\', '"', "\\'", ' lead']
    expect(unquote(shellQuote(argv))).toEqual(argv)
  })

  it('rejects NUL bytes and an empty argv with a clear error', () => {
    expect(() => shellQuote(['echo', 'a\0b'])).toThrow(ShellQuoteError)
    expect(() => shellQuote(['echo', 'a\0b'])).toThrow('argument 1 contains a NUL byte')
    expect(() => shellQuote([])).toThrow('empty argv')
  })
})
