// How Rackside proves who it is to a host, in OpenSSH's order: ssh-agent keys, key files
// (passphrase asked through a callback, the decrypted key kept in memory only), then
// keyboard-interactive, then a password from the SecretStore.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { utils, type AnyAuthMethod, type AuthenticationType, type AuthHandlerMiddleware, type NextAuthHandler, type ParsedKey } from 'ssh2'
import type { SecretStore } from './secret-store'
import type { SshHostConfig } from './ssh-host-config'

export interface PassphraseRequest {
  host: string
  keyPath: string
  /** 1 on the first ask; higher after a wrong passphrase. */
  attempt: number
}

export interface KeyboardInteractiveRequest {
  host: string
  name: string
  instructions: string
  prompts: { prompt: string; echo: boolean }[]
}

export interface AuthOptions {
  /** ssh-agent socket; undefined means $SSH_AUTH_SOCK, null means no agent. */
  agentSocket?: string | null
  homeDir?: string
  secretStore?: SecretStore
  /** Resolves to the passphrase, or null when the user cancels. */
  askPassphrase?: (request: PassphraseRequest) => Promise<string | null>
  /** Resolves to one answer per prompt, or null when the user cancels. */
  keyboardInteractive?: (request: KeyboardInteractiveRequest) => Promise<string[] | null>
  /** Passphrase tries per key file before giving up on it (OpenSSH: 3). */
  passphraseAttempts?: number
}

/** Lets the connection stop its handshake clock while a person is typing. */
export type PauseWhile = <T>(work: () => Promise<T>) => Promise<T>

export interface AuthAttempt {
  handler: AuthHandlerMiddleware
  /** What was tried and what went wrong locally, for the auth-failed message. */
  summary(): string
}

const DEFAULT_IDENTITY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa']

export function expandHome(path: string, homeDir: string = homedir()): string {
  return path === '~' ? homeDir : path.startsWith('~/') ? join(homeDir, path.slice(2)) : path
}

// ssh2 ends authentication when the handler passes false; its typings leave that out.
function giveUp(next: NextAuthHandler): void {
  ;(next as unknown as (auth: false) => void)(false)
}

type Step =
  | { type: 'none' }
  | { type: 'agent'; socket: string }
  | { type: 'key-file'; path: string }
  | { type: 'keyboard-interactive' }
  | { type: 'password' }

const serverMethod: Record<Step['type'], AuthenticationType> = {
  none: 'none',
  agent: 'publickey',
  'key-file': 'publickey',
  'keyboard-interactive': 'keyboard-interactive',
  password: 'password'
}

/** One per host: survives reconnects so a passphrase is asked once per app run. */
export class HostAuth {
  private readonly decryptedKeys = new Map<string, ParsedKey>()
  private readonly homeDir: string

  constructor(
    private readonly host: SshHostConfig,
    private readonly options: AuthOptions = {}
  ) {
    this.homeDir = options.homeDir ?? homedir()
  }

  identityFiles(): string[] {
    if (this.host.identityFile) return [expandHome(this.host.identityFile, this.homeDir)]
    return DEFAULT_IDENTITY_FILES.map((name) => join(this.homeDir, '.ssh', name)).filter((path) => existsSync(path))
  }

  private agentSocket(): string | undefined {
    const socket = this.options.agentSocket === undefined ? process.env.SSH_AUTH_SOCK : this.options.agentSocket
    return socket ? socket : undefined
  }

  private async storedPassword(): Promise<string | undefined> {
    const ref = this.host.passwordSecretRef
    return ref && this.options.secretStore ? this.options.secretStore.get(ref) : undefined
  }

  private async loadKey(path: string, pauseWhile: PauseWhile, notes: string[]): Promise<ParsedKey | undefined> {
    const cached = this.decryptedKeys.get(path)
    if (cached) return cached
    let data: Buffer
    try {
      data = await readFile(path)
    } catch (error) {
      notes.push(`cannot read key file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
      return undefined
    }
    let parsed = utils.parseKey(data)
    if (parsed instanceof Error && /no passphrase given/i.test(parsed.message)) {
      const ask = this.options.askPassphrase
      if (!ask) {
        notes.push(`key file ${path} is encrypted and no passphrase prompt is available (add the key to ssh-agent)`)
        return undefined
      }
      const attempts = this.options.passphraseAttempts ?? 3
      for (let attempt = 1; parsed instanceof Error && attempt <= attempts; attempt += 1) {
        const passphrase = await pauseWhile(() => ask({ host: this.host.name, keyPath: path, attempt }))
        if (passphrase === null) {
          notes.push(`passphrase entry for ${path} was cancelled`)
          return undefined
        }
        parsed = utils.parseKey(data, passphrase)
        if (parsed instanceof Error && !/passphrase/i.test(parsed.message)) break
      }
      if (parsed instanceof Error && /passphrase/i.test(parsed.message)) {
        notes.push(`wrong passphrase for key file ${path} (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'})`)
        return undefined
      }
    }
    if (parsed instanceof Error) {
      notes.push(`cannot use key file ${path}: ${parsed.message}`)
      return undefined
    }
    const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed
    if (!key || !key.isPrivateKey()) {
      notes.push(`key file ${path} holds no private key`)
      return undefined
    }
    this.decryptedKeys.set(path, key)
    return key
  }

  /** A fresh auth conversation for one connection attempt. */
  attempt(pauseWhile: PauseWhile): AuthAttempt {
    const username = this.host.user
    // "none" first, as OpenSSH does: the server's answer lists the methods worth trying.
    const steps: Step[] = [{ type: 'none' }]
    const socket = this.agentSocket()
    if (socket) steps.push({ type: 'agent', socket })
    for (const path of this.identityFiles()) steps.push({ type: 'key-file', path })
    steps.push({ type: 'keyboard-interactive' }, { type: 'password' })
    const tried: string[] = []
    const notes: string[] = []

    const methodFor = async (step: Step): Promise<AnyAuthMethod | undefined> => {
      switch (step.type) {
        case 'none':
          return { type: 'none', username }
        case 'agent':
          tried.push('ssh-agent')
          return { type: 'agent', username, agent: step.socket }
        case 'key-file': {
          const key = await this.loadKey(step.path, pauseWhile, notes)
          if (!key) return undefined
          tried.push(`key ${step.path}`)
          return { type: 'publickey', username, key }
        }
        case 'keyboard-interactive': {
          const ask = this.options.keyboardInteractive
          const password = ask ? undefined : await this.storedPassword()
          if (!ask && password === undefined) return undefined
          tried.push('keyboard-interactive')
          return {
            type: 'keyboard-interactive',
            username,
            prompt: (name, instructions, _lang, prompts, finish) => {
              if (prompts.length === 0) return finish([])
              if (ask) {
                const request = { host: this.host.name, name, instructions, prompts: prompts.map((p) => ({ prompt: p.prompt, echo: p.echo ?? false })) }
                pauseWhile(() => ask(request)).then(
                  (answers) => finish(answers ?? []),
                  (error: Error) => {
                    notes.push(`keyboard-interactive prompt failed: ${error.message}`)
                    finish([])
                  }
                )
                return
              }
              // A PAM server asking only for the password: answer with the stored one.
              const only = prompts[0]
              finish(prompts.length === 1 && only && !only.echo && /password/i.test(only.prompt) && password !== undefined ? [password] : [])
            }
          }
        }
        case 'password': {
          const password = await this.storedPassword()
          if (password === undefined) return undefined
          tried.push('password')
          return { type: 'password', username, password }
        }
      }
    }

    let index = 0
    const advance = async (methodsLeft: AuthenticationType[] | null, next: NextAuthHandler) => {
      while (index < steps.length) {
        const step = steps[index++] as Step
        if (step.type !== 'none' && methodsLeft && !methodsLeft.includes(serverMethod[step.type])) continue
        const method = await methodFor(step)
        if (method) return next(method)
      }
      giveUp(next)
    }

    return {
      // ssh2 treats a returned value as the method, so the async work must return undefined.
      handler: (methodsLeft, _partialSuccess, next) => {
        advance(methodsLeft, next).catch((error: Error) => {
          notes.push(error.message)
          giveUp(next)
        })
      },
      summary: () => {
        const triedText = tried.length > 0 ? `tried ${tried.join(', ')}` : 'no usable credentials (no agent, key file or saved password)'
        return notes.length > 0 ? `${triedText}; ${notes.join('; ')}` : triedText
      }
    }
  }
}
