// One zustand store built from slices. Components select the smallest piece they need so a
// host-state tick does not re-render the rack view.
import { create, type StateCreator } from 'zustand'
import type { ApiClient, AppInfo, HostConnectionState, HostKeyPromptEvent } from '../../../shared/api'
import { applyFleetDelta, type FleetSnapshot } from '../../../shared/fleet'
import type { Site } from '../../../shared/model'

export const viewNames = ['Racks', 'VMs', 'Storage', 'Mail', 'Hosts'] as const
export type ViewName = (typeof viewNames)[number]

export interface InventorySlice {
  site: Site | null
  inventoryError: string | null
  setSite(site: Site): void
}
export interface HostsSlice {
  hostStates: Record<string, HostConnectionState>
  setHostState(state: HostConnectionState): void
}
export interface FleetSlice {
  fleet: FleetSnapshot
  hostKeyPrompts: HostKeyPromptEvent[]
  answerHostKey(id: string, decision: 'accept-once' | 'accept-and-save' | 'cancel'): Promise<void>
}
export interface UiSlice {
  view: ViewName
  connection: 'connecting' | 'open' | 'closed'
  appInfo: AppInfo | null
  setView(view: ViewName): void
  setConnection(connection: UiSlice['connection']): void
}
export interface ApiSlice {
  api: ApiClient | null
  start(api: ApiClient): Promise<void>
  refresh(): Promise<void>
}
export type AppState = InventorySlice & HostsSlice & FleetSlice & UiSlice & ApiSlice

const createInventorySlice: StateCreator<AppState, [], [], InventorySlice> = (set) => ({
  site: null,
  inventoryError: null,
  setSite: (site) => set({ site, inventoryError: null })
})

const createHostsSlice: StateCreator<AppState, [], [], HostsSlice> = (set) => ({
  hostStates: {},
  setHostState: (state) => set((s) => ({ hostStates: { ...s.hostStates, [state.host]: state } }))
})

const createFleetSlice: StateCreator<AppState, [], [], FleetSlice> = (set, get) => ({
  fleet: { hosts: {} },
  hostKeyPrompts: [],
  async answerHostKey(id, decision) {
    set((s) => ({ hostKeyPrompts: s.hostKeyPrompts.filter((p) => p.id !== id) }))
    await get().api?.call('hosts.answerHostKey', { id, decision })
  }
})

const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  view: 'Racks',
  connection: 'connecting',
  appInfo: null,
  setView: (view) => set({ view }),
  setConnection: (connection) => {
    const reconnected = get().connection === 'closed' && connection === 'open'
    set({ connection })
    // Events sent while the link was down are lost: read the current state again.
    if (reconnected) void get().refresh()
  }
})

const createApiSlice: StateCreator<AppState, [], [], ApiSlice> = (set, get) => ({
  api: null,
  async start(api) {
    set({ api })
    api.on('inventory.changed', (site) => get().setSite(site))
    api.on('host.state', (state) => get().setHostState(state))
    api.on('fleet.delta', (delta) => set((s) => ({ fleet: applyFleetDelta(s.fleet, delta) })))
    api.on('host.keyPrompt', (prompt) => set((s) => ({ hostKeyPrompts: [...s.hostKeyPrompts.filter((p) => p.id !== prompt.id), prompt] })))
    await get().refresh()
  },
  async refresh() {
    const api = get().api
    if (!api) return
    try {
      const [appInfo, site, states, fleet, hostKeyPrompts] = await Promise.all([
        api.call('app.info', {}),
        api.call('inventory.get', {}),
        api.call('hosts.states', {}),
        api.call('fleet.snapshot', {}),
        api.call('hosts.pendingHostKeys', {})
      ])
      set({ appInfo, site, fleet, hostKeyPrompts, inventoryError: null, hostStates: Object.fromEntries(states.map((s) => [s.host, s])) })
    } catch (error) {
      set({ inventoryError: (error as Error).message })
    }
  }
})

export const useAppStore = create<AppState>()((...a) => ({
  ...createInventorySlice(...a),
  ...createHostsSlice(...a),
  ...createFleetSlice(...a),
  ...createUiSlice(...a),
  ...createApiSlice(...a)
}))
