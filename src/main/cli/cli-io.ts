// What a CLI command may touch: injected so commands run in tests without a child process.
import { readFile } from 'node:fs/promises'

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  readStdin(): Promise<Buffer>
  readFile(path: string): Promise<Buffer>
}

/** Exit codes shared by every subcommand; command-specific codes start at 3. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const

/** A mistake in the command line: printed as one line with exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError'
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks)
    },
    readFile: (path) => readFile(path)
  }
}

/** An in-memory CliIo for tests: collects what a command prints. */
export function memoryIo(stdin: string | Buffer = '', files: Record<string, string | Buffer> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text
    },
    stderr(text: string) {
      io.err += text
    },
    readStdin: async () => Buffer.from(stdin),
    readFile: async (path: string) => {
      const file = files[path]
      if (file === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' })
      return Buffer.from(file)
    }
  }
  return io
}
