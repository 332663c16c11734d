// One zustand store built from slices. Components select the smallest piece they need so a
// host-state tick does not re-render the rack view.
import { create, type StateCreator } from 'zustand'
import type { ApiClient, AppInfo, HostConnectionState } from '../../../shared/api'
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
export type AppState = InventorySlice & HostsSlice & UiSlice & ApiSlice

const createInventorySlice: StateCreator<AppState, [], [], InventorySlice> = (set) => ({
  site: null,
  inventoryError: null,
  setSite: (site) => set({ site, inventoryError: null })
})

const createHostsSlice: StateCreator<AppState, [], [], HostsSlice> = (set) => ({
  hostStates: {},
  setHostState: (state) => set((s) => ({ hostStates: { ...s.hostStates, [state.host]: state } }))
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
    await get().refresh()
  },
  async refresh() {
    const api = get().api
    if (!api) return
    try {
      const [appInfo, site, states] = await Promise.all([api.call('app.info', {}), api.call('inventory.get', {}), api.call('hosts.states', {})])
      set({ appInfo, site, inventoryError: null, hostStates: Object.fromEntries(states.map((s) => [s.host, s])) })
    } catch (error) {
      set({ inventoryError: (error as Error).message })
    }
  }
})

export const useAppStore = create<AppState>()((...a) => ({
  ...createInventorySlice(...a),
  ...createHostsSlice(...a),
  ...createUiSlice(...a),
  ...createApiSlice(...a)
}))
