// The one error type the SSH layer hands out: a kind the UI can switch on, the host's name, and
// a message a person can act on. `toValue()` is what crosses to the renderer.

export type SshErrorKind =
  | 'host-key-unknown-rejected'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'auth-failed'
  | 'unreachable'
  | 'timeout'
  | 'output-too-large'
  | 'connection-lost'
  | 'command-failed'

export interface SshErrorDetails {
  /** Fingerprints known_hosts expects (host-key-changed). */
  expected?: string[]
  /** The fingerprint the server presented (host-key-*). */
  got?: string
  keyType?: string
  exitCode?: number | null
  stderr?: string
}

export interface SshErrorValue extends SshErrorDetails {
  kind: SshErrorKind
  host: string
  message: string
}

export class SshError extends Error {
  override name = 'SshError'
  constructor(
    readonly kind: SshErrorKind,
    readonly host: string,
    message: string,
    readonly details: SshErrorDetails = {}
  ) {
    super(message)
  }

  toValue(): SshErrorValue {
    return { kind: this.kind, host: this.host, message: this.message, ...this.details }
  }
}

export function isSshError(value: unknown): value is SshError {
  return value instanceof SshError
}
