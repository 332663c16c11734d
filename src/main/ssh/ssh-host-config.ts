// What the SSH layer needs to reach one host; the inventory's Host maps onto it.

export interface SshHostConfig {
  /** The inventory name (hv-01): used in messages and as the pool's key. */
  name: string
  address: string
  port: number
  user: string
  /** Private key file; `~/` is expanded. Without it the default ~/.ssh/id_* files are tried. */
  identityFile?: string
  /** OpenSSH ProxyJump: `[user@]host[:port]` or a pool host's name; comma-separated for a chain. */
  proxyJump?: string
  /** Key of the host's password in the SecretStore. */
  passwordSecretRef?: string
}

/** `user@address:port` (port omitted when 22), for messages. */
export function describeTarget(host: Pick<SshHostConfig, 'user' | 'address' | 'port'>): string {
  const address = host.address.includes(':') ? `[${host.address}]` : host.address
  return `${host.user}@${address}${host.port === 22 ? '' : `:${host.port}`}`
}
