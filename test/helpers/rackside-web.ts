// Starts `bin/rackside web` as a user would (a child process on a temp data folder) and hands
// back the URL it prints.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from './temp-services'

export interface RacksideWeb {
  url: string
  process: ChildProcess
  output(): string
  stop(): Promise<number | null>
}

export async function startRacksideWeb(dataDir: string, extraArgs: string[] = [], timeoutMs = 30_000): Promise<RacksideWeb> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'rackside'), 'web', '--data', dataDir, '--port', '0', ...extraArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rackside web printed no URL within ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const check = () => {
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`rackside web exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill('SIGTERM')
      })
  }
}
