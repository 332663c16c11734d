// The one API contract between the renderer and the main process. Every request names its
// argument schema (validated by main on every transport) and its result type; every event
// topic names its payload. Both transports (Electron IPC, loopback WebSocket) carry exactly this.
// Each view's own requests and events live in api-parts/ and are merged here.
import { z } from 'zod'
import type { FleetDelta, FleetSnapshot } from './fleet'
import { FaceSchema, HostSchema, type Site } from './model'
import { mailEventTopics, mailRequests, type MailEvents } from './api-parts/mail-api'
import { inventoryRequests } from './api-parts/inventory-api'
import { entityName, noArgs, request } from './api-parts/request-spec'
import { storageEventTopics, storageRequests, type StorageEvents } from './api-parts/storage-api'
import { vmsEventTopics, vmsRequests, type VmsEvents } from './api-parts/vms-api'

export type { RequestSpec } from './api-parts/request-spec'

export interface AppInfo {
  version: string
  dataDir: string
  /** The demo fleet is serving the site's hosts over SSH on 127.0.0.1. */
  demoFleet: { running: boolean; hostCount: number }
  /** Where secrets go and whether that is encrypted at rest. */
  secretStore: { kind: 'os-keychain' | 'memory'; warning?: string }
  /** What this shell can do beyond the browser: the desktop app saves PDFs itself (app.printToPdf). */
  capabilities: { printToPdf: boolean }
}

/** A saved PDF's path, or nothing saved because the user cancelled the save dialog. */
export type PrintToPdfResult = { saved: true; path: string } | { saved: false }

export type ImportYamlResult =
  | { ok: true; counts: { cabinets: number; models: number; devices: number; hosts: number } }
  | { ok: false; errors: { line: number | null; path: string; message: string }[] }

export type HostConnectionStatus = 'idle' | 'connecting' | 'awaiting-host-key' | 'connected' | 'backoff' | 'down'

export interface HostConnectionState {
  host: string
  status: HostConnectionStatus
  /** Human message of the last failure ("hv-02: host key changed — …"), kept while it is current. */
  lastError?: string
  /** What kind of failure lastError is ('host-key-changed', 'auth-failed', 'timeout', …), when the SSH layer named it. */
  lastErrorKind?: string
  /** When this state was entered (ms since the epoch). */
  sinceMs: number
  /** For 'backoff': when the next attempt is due. */
  retryAtMs?: number
  /** The host key the host last proved it holds on a connection that was accepted (kept while it is down). */
  hostKey?: { type: string; sha256: string }
}

/** What forgetting a host's saved key did. */
export interface ForgetHostKeyResult {
  /** The address and port the key was saved for. */
  address: string
  port: number
  /** Lines removed from Rackside's own known_hosts. */
  removed: number
  knownHostsPath: string
  /** The user's own known_hosts files that still hold a key for the host: Rackside never edits them. */
  stillKnownIn: string[]
  /** The command that removes the host from those files, for the user to run. */
  removeCommand?: string
}

/** An unknown host key waiting on the user's decision; the connection holds until answered. */
export interface HostKeyPromptEvent {
  id: string
  host: string
  address: string
  port: number
  keyType: string
  sha256: string
  /** Other key types already known for this address: a new type deserves a closer look. */
  otherKeyTypes: string[]
}

export const HostKeyAnswerArgsSchema = z
  .object({ id: z.string().min(1).max(64), decision: z.enum(['accept-once', 'accept-and-save', 'cancel']) })
  .strict()

export const SaveHostArgsSchema = z
  .object({
    /** The host's current name when editing (it may be renamed); absent when adding. */
    original: entityName.optional(),
    host: HostSchema,
    /** The device this host runs on; null unlinks it. */
    device: entityName.nullable().optional()
  })
  .strict()
export type SaveHostArgs = z.input<typeof SaveHostArgsSchema>

export interface SshConfigCandidate {
  name: string
  address: string
  port: number
  user: string
  identityFile?: string
  proxyJump?: string
  /** Already in the inventory under this name. */
  exists: boolean
}

/** Failure injection into the demo fleet, so staff can rehearse incidents. */
export const DemoInjectArgsSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('kill-brick'), host: entityName, brickPath: z.string().min(1).max(1024).optional() }).strict(),
  z.object({ action: z.literal('restart-bricks') }).strict(),
  z.object({ action: z.literal('cut-host'), host: entityName, mode: z.enum(['refuse', 'hang']).default('refuse') }).strict(),
  z.object({ action: z.literal('restore-host'), host: entityName }).strict(),
  z.object({ action: z.literal('slow-host'), host: entityName, delayMs: z.number().int().min(0).max(120_000) }).strict(),
  z.object({ action: z.literal('mail-scenario'), scenario: z.enum(['normal', 'brute-force', 'pop3-storm', 'io-bound']), host: entityName.optional() }).strict()
])
export type DemoInjectArgs = z.input<typeof DemoInjectArgsSchema>

export interface DemoStatus {
  enabled: boolean
  running: boolean
  hosts: { name: string; reachability: 'up' | 'refuse' | 'hang'; slowMs: number; vms: string[] }[]
  bricks: { host: string; path: string; online: boolean; healPending: number }[]
  mailScenario: { host: string; scenario: string }[]
}

export type AuditResult = 'started' | 'succeeded' | 'failed' | 'cancelled' | 'unknown'

export interface AuditEntryInput {
  atMs?: number
  actor: string
  action: string
  target: string
  command?: string
  result: AuditResult
  detail?: string
}
export interface AuditEntry extends AuditEntryInput {
  id: number
  atMs: number
}

export const MoveDeviceArgsSchema = z
  .object({
    device: entityName,
    cabinet: entityName,
    positionU: z.number().int().min(1).max(60),
    face: FaceSchema
  })
  .strict()
export type MoveDeviceArgs = z.infer<typeof MoveDeviceArgsSchema>

export const apiRequests = {
  'app.info': request<AppInfo>()(noArgs),
  /** Desktop app only: prints the page as shown (its print styles) to a PDF the user saves. */
  'app.printToPdf': request<PrintToPdfResult>()(
    z.object({ fileName: z.string().trim().min(1).max(255).regex(/^[^/\\]+\.pdf$/i, 'a file name ending in .pdf, without folders') }).strict()
  ),
  'inventory.get': request<Site>()(noArgs),
  'inventory.exportYaml': request<{ yaml: string }>()(noArgs),
  'inventory.importYaml': request<ImportYamlResult>()(
    z.object({ text: z.string().max(10 * 1024 * 1024), fileName: z.string().min(1).max(512) }).strict()
  ),
  'inventory.moveDevice': request<Site>()(MoveDeviceArgsSchema),
  ...inventoryRequests,
  'hosts.states': request<HostConnectionState[]>()(noArgs),
  'hosts.save': request<Site>()(SaveHostArgsSchema),
  'hosts.remove': request<Site>()(z.object({ name: entityName }).strict()),
  'hosts.setPassword': request<{ saved: boolean }>()(z.object({ host: entityName, password: z.string().min(1).max(1024) }).strict()),
  'hosts.sshConfigCandidates': request<{ hosts: SshConfigCandidate[]; notes: string[] }>()(noArgs),
  'hosts.importSshConfig': request<Site>()(z.object({ names: z.array(entityName).min(1).max(1000) }).strict()),
  'hosts.reconnect': request<{ ok: true }>()(z.object({ name: entityName }).strict()),
  'hosts.forgetHostKey': request<ForgetHostKeyResult>()(z.object({ name: entityName, confirmed: z.literal(true) }).strict()),
  'terminal.open': request<{ id: string }>()(
    z.object({ host: entityName, cols: z.number().int().min(10).max(1000), rows: z.number().int().min(2).max(500) }).strict()
  ),
  'terminal.input': request<{ ok: true }>()(z.object({ id: z.string().uuid(), data: z.string().min(1).max(64 * 1024) }).strict()),
  'terminal.resize': request<{ ok: true }>()(
    z.object({ id: z.string().uuid(), cols: z.number().int().min(10).max(1000), rows: z.number().int().min(2).max(500) }).strict()
  ),
  'terminal.ack': request<{ ok: true }>()(z.object({ id: z.string().uuid(), bytes: z.number().int().min(0).max(64 * 1024 * 1024) }).strict()),
  'terminal.close': request<{ ok: true }>()(z.object({ id: z.string().uuid() }).strict()),
  'hosts.pendingHostKeys': request<HostKeyPromptEvent[]>()(noArgs),
  'hosts.answerHostKey': request<{ answered: boolean }>()(HostKeyAnswerArgsSchema),
  'fleet.snapshot': request<FleetSnapshot>()(noArgs),
  'demo.status': request<DemoStatus>()(noArgs),
  'demo.setEnabled': request<DemoStatus>()(z.object({ enabled: z.boolean() }).strict()),
  'demo.inject': request<{ message: string }>()(DemoInjectArgsSchema),
  'audit.list': request<AuditEntry[]>()(z.object({ limit: z.number().int().min(1).max(5000).optional() }).strict()),
  ...vmsRequests,
  ...storageRequests,
  ...mailRequests
} as const

export type RequestName = keyof typeof apiRequests
export const requestNames = Object.keys(apiRequests) as RequestName[]
export type ArgsOf<K extends RequestName> = z.input<(typeof apiRequests)[K]['args']>
export type ParsedArgsOf<K extends RequestName> = z.output<(typeof apiRequests)[K]['args']>
export type ResultOf<K extends RequestName> = NonNullable<(typeof apiRequests)[K]['_result']>

/** Event topics pushed from main to the renderer, with their payloads. */
export interface ApiEvents extends VmsEvents, StorageEvents, MailEvents {
  'inventory.changed': Site
  'host.state': HostConnectionState
  'host.keyPrompt': HostKeyPromptEvent
  'fleet.delta': FleetDelta
  'terminal.output': { id: string; data: string }
  'terminal.exit': { id: string; host: string }
}
export type EventTopic = keyof ApiEvents
export const eventTopics: readonly EventTopic[] = ['inventory.changed', 'host.state', 'host.keyPrompt', 'fleet.delta', 'terminal.output', 'terminal.exit', ...vmsEventTopics, ...storageEventTopics, ...mailEventTopics]

/** Errors cross the wire as values with a kind and a human message. */
export interface ApiErrorValue {
  kind: string
  message: string
}
export type WireResponse = { ok: true; result: unknown } | { ok: false; error: ApiErrorValue }

export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly kind: string,
    message: string
  ) {
    super(message)
  }
}

/** What the renderer holds, whichever transport carries it. */
export interface ApiClient {
  call<K extends RequestName>(method: K, args: ArgsOf<K>): Promise<ResultOf<K>>
  on<T extends EventTopic>(topic: T, listener: (payload: ApiEvents[T]) => void): () => void
}

/**
 * Who sent a request: one app window or one browser tab, named by its transport. What belongs to
 * one of them (a terminal's shell and its output) is addressed to it alone. Callers inside main
 * (tests, the CLI) pass none and count as one local client.
 */
export interface Caller {
  client: string
}

/** What main implements once: one handler per request. */
export type ApiHandlers = { [K in RequestName]: (args: ParsedArgsOf<K>, caller?: Caller) => Promise<ResultOf<K>> }

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(apiRequests, value)
}
export function isEventTopic(value: unknown): value is EventTopic {
  return typeof value === 'string' && (eventTopics as readonly string[]).includes(value)
}
