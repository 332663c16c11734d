import { describe, expect, it } from 'vitest'
import { shellQuote } from '../../../../src/main/ssh/quote'
import { parseCommandLine } from '../../../../src/main/sim/shell-words'

function argvs(line: string): string[][] {
  const parsed = parseCommandLine(line)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.items.flatMap((item) => item.pipeline.map((command) => command.argv))
}

describe('shell word splitter', () => {
  it('reads back exactly what the app’s quoting function wrote', () => {
    const nasty = ["it's", 'two words', 'semi;colon', 'a && b', '$HOME', '`date`', 'back\\slash', '"dq"', '', 'tab\there', 'new\nline', '*.txt', '#hash', '  ']
    for (const word of nasty) expect(argvs(shellQuote(['printf', '%s', word]))).toEqual([['printf', '%s', word]])
    expect(argvs(shellQuote(['printf', '%s', ...nasty]))).toEqual([['printf', '%s', ...nasty]])
  })

  it('splits lists on ; && || and newlines, keeping each connector', () => {
    const parsed = parseCommandLine("echo a; false && echo b || echo 'c d'\nhostname")
    if (!parsed.ok) throw new Error(parsed.message)
    expect(parsed.items.map((i) => [i.connector, i.pipeline[0]?.argv])).toEqual([
      [null, ['echo', 'a']],
      [';', ['false']],
      ['&&', ['echo', 'b']],
      ['||', ['echo', 'c d']],
      [';', ['hostname']]
    ])
  })

  it('understands double quotes, backslashes and comments', () => {
    expect(argvs('echo "a \\"b\\" \\\\ c" d\\ e # comment; not a command')).toEqual([['echo', 'a "b" \\ c', 'd e']])
  })

  it('takes the redirections probes use', () => {
    const parsed = parseCommandLine('doveadm who 2>&1; virsh list 2>/dev/null; ss -Htn >/dev/null 2> /dev/null; virsh x 2>&1 >/dev/null; echo e >&2')
    if (!parsed.ok) throw new Error(parsed.message)
    expect(parsed.items.map((i) => [i.pipeline[0]?.argv, i.pipeline[0]?.redirects])).toEqual([
      [['doveadm', 'who'], { stdout: 'out', stderr: 'out' }],
      [['virsh', 'list'], { stdout: 'out', stderr: 'null' }],
      [['ss', '-Htn'], { stdout: 'null', stderr: 'null' }],
      [['virsh', 'x'], { stdout: 'null', stderr: 'out' }],
      [['echo', 'e'], { stdout: 'err', stderr: 'err' }]
    ])
  })

  it('refuses what it cannot run, with sh-style messages', () => {
    expect(parseCommandLine("echo 'open")).toEqual({ ok: false, message: 'Syntax error: Unterminated quoted string' })
    expect(parseCommandLine('; echo x')).toEqual({ ok: false, message: 'Syntax error: ";" unexpected' })
    expect(parseCommandLine('echo x &&')).toEqual({ ok: false, message: 'Syntax error: "end of file" unexpected' })
    expect(parseCommandLine('virsh list |')).toEqual({ ok: false, message: 'Syntax error: "end of file" unexpected' })
    expect(parseCommandLine('| wc -l')).toEqual({ ok: false, message: 'Syntax error: "|" unexpected' })
    expect(parseCommandLine('sleep 5 &')).toEqual({ ok: false, message: 'background jobs are not supported by the demo fleet' })
    expect(parseCommandLine('echo $HOME')).toEqual({ ok: false, message: 'expansions ($, `) are not supported by the demo fleet' })
    expect(parseCommandLine('echo x > /tmp/out')).toEqual({ ok: false, message: 'cannot create /tmp/out: Read-only file system' })
  })

  it('reads pipelines inside lists', () => {
    const parsed = parseCommandLine('virsh list --all 2>&1 | grep running | wc -l && echo done')
    if (!parsed.ok) throw new Error(parsed.message)
    expect(parsed.items.map((i) => [i.connector, i.pipeline.map((c) => c.argv)])).toEqual([
      [null, [['virsh', 'list', '--all'], ['grep', 'running'], ['wc', '-l']]],
      ['&&', [['echo', 'done']]]
    ])
    expect(parsed.items[0]?.pipeline[0]?.redirects).toEqual({ stdout: 'out', stderr: 'out' })
  })

  it('accepts an empty line and a trailing semicolon', () => {
    expect(argvs('')).toEqual([])
    expect(argvs('hostname;')).toEqual([['hostname']])
  })
})
