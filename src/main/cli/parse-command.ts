// `rackside parse KIND [--json] < output`: one probe parser on captured tool output, as JSON.
// Garbage exits 1 with the parser's one-line message naming the tool and the line.
import { parseArgs } from 'node:util'
import { glusterParsers } from '../probes/gluster'
import { libvirtParsers } from '../probes/libvirt'
import { linuxParsers } from '../probes/linux'
import { mailParsers } from '../probes/mail'
import { ParseError } from '../probes/parse-error'
import { CliUsageError, ExitCode, type CliIo } from './cli-io'

export const parsers: Record<string, (text: string) => unknown> = { ...linuxParsers, ...libvirtParsers, ...glusterParsers, ...mailParsers }
export const parseKinds = Object.keys(parsers).sort()

export async function runParseCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true })
  const [kind, ...rest] = positionals
  if (!kind || rest.length > 0) throw new CliUsageError(`usage: rackside parse KIND [--json] < output   (KIND: ${parseKinds.join(', ')})`)
  const parse = Object.prototype.hasOwnProperty.call(parsers, kind) ? parsers[kind] : undefined
  if (!parse) throw new CliUsageError(`unknown kind '${kind}'; kinds: ${parseKinds.join(', ')}`)
  const input = (await io.readStdin()).toString('utf8')
  try {
    io.stdout(`${JSON.stringify(parse(input), null, 2)}\n`)
    return ExitCode.ok
  } catch (error) {
    if (error instanceof ParseError) {
      io.stderr(`rackside parse: ${error.message.split('\n')[0]}\n`)
      return ExitCode.failed
    }
    throw error
  }
}
