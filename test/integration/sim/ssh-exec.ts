// A bare ssh2 client for the demo fleet tests: connect, run one command, collect the output.
import { createHash } from 'node:crypto'
import { Client, type ClientChannel } from 'ssh2'

export interface ExecOutput {
  stdout: string
  stderr: string
  code: number | null
}

export interface Connected {
  client: Client
  /** SHA256 fingerprint of the host key the server presented. */
  fingerprint: string
  exec(command: string): Promise<ExecOutput>
  /** Opens an exec channel and hands it over (for streams the test closes itself). */
  open(command: string): Promise<ClientChannel>
  end(): void
}

export function connect(port: number, options: { readyTimeout?: number } = {}): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const client = new Client()
    let fingerprint = ''
    client.on('error', reject)
    client.on('ready', () => {
      client.off('error', reject)
      client.on('error', () => undefined)
      const open = (command: string) =>
        new Promise<ClientChannel>((ok, fail) => client.exec(command, (error, channel) => (error ? fail(error) : ok(channel))))
      resolve({
        client,
        fingerprint,
        open,
        exec: async (command) => {
          const channel = await open(command)
          return new Promise((done) => {
            let stdout = ''
            let stderr = ''
            let code: number | null = null
            channel.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
            channel.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
            channel.on('exit', (c: number | null) => (code = c))
            channel.on('close', () => done({ stdout, stderr, code }))
          })
        },
        end: () => client.end()
      })
    })
    client.connect({
      host: '127.0.0.1',
      port,
      username: 'rackside',
      password: 'demo',
      readyTimeout: options.readyTimeout ?? 10_000,
      hostVerifier: (key: Buffer) => {
        fingerprint = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
        return true
      }
    })
  })
}

export async function execOnce(port: number, command: string): Promise<ExecOutput & { fingerprint: string }> {
  const c = await connect(port)
  try {
    return { ...(await c.exec(command)), fingerprint: c.fingerprint }
  } finally {
    c.end()
  }
}
