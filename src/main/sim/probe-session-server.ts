// A demo host's side of a probe session: the exec command is Rackside's probe script, which the
// sim does not interpret as shell; it reads the script's fixed table (probe name → the command of
// its one-off exec) and answers each framed request by running those commands through the
// command router, so a session answers exactly what one-off execs of the same probes would.
import type { ServerChannel } from 'ssh2'
import { sleep } from './abortable-sleep'
import { runCommandLine, type CommandContext } from './command-router'

export interface ProbeSessionServerOptions {
  channel: ServerChannel
  /** From readProbeSessionScript: each probe's one-off command line. */
  probes: ReadonlyMap<string, string>
  ctx: CommandContext
  /** Delay before each answer (a slowed host). */
  slowMs: () => number
  /** Aborted when the client closes the channel. */
  signal: AbortSignal
  /** Around each request, for the endpoint's running-command count. */
  onBusy: (busy: boolean) => void
}

/** Serves requests until stdin ends (then exit 0, as the script's loop does) or the channel closes. */
export function serveProbeSession(options: ProbeSessionServerOptions): void {
  const { channel, signal } = options
  const lines: string[] = []
  let partial = ''
  let stdinEnded = false
  let nonce: string | null = null
  let serving = false

  const write = (stream: { write(chunk: string): boolean }, text: string) => {
    if (!signal.aborted) stream.write(text)
  }

  // The whole answer leaves in one write per stream; a probe that printed no error sends no stderr part.
  const answer = async (line: string, key: string): Promise<void> => {
    const [seq = '', ...names] = line.trim().split(/\s+/)
    if (options.slowMs() > 0 && !(await sleep(options.slowMs(), signal))) return
    let out = ''
    let err = ''
    for (const [index, name] of names.entries()) {
      const command = options.probes.get(name)
      let stdout = ''
      let stderr = ''
      let status = 127
      if (command === undefined) stderr = `rackside: no probe named ${name}\n`
      else status = await runCommandLine(command, options.ctx, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), signal })
      out += `${stdout}\n${key} ${seq} ${index} ${status}${stderr === '' ? '' : ' e'}\n`
      if (stderr !== '') err += `${stderr}\n${key} ${seq} ${index}\n`
    }
    if (err !== '') write(channel.stderr, err)
    write(channel, out)
  }

  const pump = async (): Promise<void> => {
    if (serving) return
    serving = true
    for (let line = lines.shift(); line !== undefined && !signal.aborted; line = lines.shift()) {
      if (nonce === null) {
        nonce = line
        write(channel, `${nonce} ready\n`)
        write(channel.stderr, `${nonce} ready\n`)
        continue
      }
      options.onBusy(true)
      try {
        await answer(line, nonce)
      } finally {
        options.onBusy(false)
      }
    }
    serving = false
    if (stdinEnded && !signal.aborted) {
      channel.exit(0)
      channel.end()
    }
  }

  channel.on('data', (data: Buffer) => {
    const parts = (partial + data.toString('utf8')).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts)
    void pump()
  })
  channel.on('end', () => {
    stdinEnded = true
    void pump()
  })
}
