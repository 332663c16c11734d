// The remote side of a probe session: a small POSIX sh loop (dash and bash alike) that runs as
// one long-lived exec channel and answers framed requests on its stdin. A request names probes
// from a fixed table built into the script, never shell text: an unknown name gets exit 127.
//
// Protocol (one line per request, answers in the same order):
//   client → host   NONCE\n                      once, first; the host answers "NONCE ready\n" on
//                                                stdout and on stderr (what comes before is rc-file noise)
//   client → host   SEQ NAME [NAME...]\n
//   host → stdout   per probe I: its stdout bytes, then "\nNONCE SEQ I STATUS\n", or
//                   "\nNONCE SEQ I STATUS e\n" when its stderr follows on stderr:
//   host → stderr   its stderr bytes, then "\nNONCE SEQ I\n"
// The nonce is random per session and travels over stdin only (never in a command line `ps`
// could show), so no probe output can forge a frame. The newline before each marker is always
// printed and always stripped, so output without a trailing newline arrives byte for byte.
// A file probe starts no process and can print no error: its answer has no stderr part, and the
// answers of consecutive file probes leave in one write (one SSH packet, not one per line).
import { shellQuote } from './quote'

export interface ProbeSpec {
  /** The one-off command (an exec runs exactly this); a session's answer is byte-identical to it. */
  argv: readonly string[]
  /**
   * A file whose bytes are what argv prints (`/proc/loadavg` for `cat /proc/loadavg`): the session
   * reads it with shell builtins, starting no process, and runs argv only when it is unreadable.
   */
  file?: string
}

/** Probes by name; names are lowercase words with dashes. */
export type ProbeTable = Readonly<Record<string, ProbeSpec>>

export const PROBE_SESSION_HEADER = '# rackside probe session v1'
export const PROBE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/

// One table arm per line, in a shape readProbeSessionScript can read back.
const ARM = /^ {4}([a-z0-9][a-z0-9-]*)\) p=(.*); set -- (.*) ;;$/

function arm(name: string, spec: ProbeSpec): string {
  if (!PROBE_NAME.test(name)) throw new Error(`probe name ${JSON.stringify(name)} is not a lowercase word with dashes`)
  for (const word of [...spec.argv, spec.file ?? '']) {
    if (/[\n\r]/.test(word)) throw new Error(`probe ${name}: a line break in ${JSON.stringify(word)} cannot go into the session script`)
  }
  return `    ${name}) p=${spec.file === undefined ? '' : shellQuote([spec.file])}; set -- ${shellQuote(spec.argv)} ;;`
}

/** The whole session script for a table: what the exec channel runs under the login shell. */
export function probeSessionScript(table: ProbeTable): string {
  return [
    PROBE_SESSION_HEADER,
    // zsh, unlike sh, splits no unquoted words: ask it to behave as sh.
    '[ -z "${ZSH_VERSION-}" ] || emulate sh',
    'set -f',
    'IFS= read -r n || exit 0',
    `printf '%s ready\\n' "$n"; printf '%s ready\\n' "$n" >&2`,
    'while read -r q w; do',
    '  i=0',
    '  b=',
    '  for a in $w; do',
    '    case $a in',
    ...Object.entries(table).map(([name, spec]) => arm(name, spec)),
    '    *) p=; set -- ;;',
    '    esac',
    // Builtins only: a read loop costs no fork; the last line's bytes stay in $l when it has no newline.
    '    if [ -n "$p" ] && [ -r "$p" ]; then',
    '      l=; while IFS= read -r l; do b="$b$l',
    '"; done <"$p"',
    '      b="$b$l',
    '$n $q $i 0',
    '"',
    '    else',
    `      printf '%s' "$b"; b=`,
    `      if [ $# -eq 0 ]; then printf 'rackside: no probe named %s\\n' "$a" >&2; s=127`,
    // Probes never read the request stream.
    '      else "$@" </dev/null; s=$?; fi',
    `      printf '\\n%s %s %s %s e\\n' "$n" "$q" "$i" "$s"`,
    `      printf '\\n%s %s %s\\n' "$n" "$q" "$i" >&2`,
    '    fi',
    '    i=$((i + 1))',
    '  done',
    `  printf '%s' "$b"`,
    'done',
    ''
  ].join('\n')
}

/**
 * Reads a session script back: each probe name with the command line of its one-off exec. Null
 * when `command` is not a probe session script. The demo fleet serves sessions with this.
 */
export function readProbeSessionScript(command: string): Map<string, string> | null {
  if (!command.startsWith(`${PROBE_SESSION_HEADER}\n`)) return null
  const probes = new Map<string, string>()
  for (const line of command.split('\n')) {
    const match = ARM.exec(line)
    if (match) probes.set(match[1] as string, match[3] as string)
  }
  return probes
}
