// Which terminal tabs are open. Hosts open them; the panel at the bottom of the window shows them.
import { create } from 'zustand'

export interface TerminalTab {
  key: string
  host: string
}

interface TerminalState {
  tabs: TerminalTab[]
  active: string | null
  openFor(host: string): void
  close(key: string): void
  select(key: string): void
}

let counter = 0

export const useTerminalStore = create<TerminalState>()((set) => ({
  tabs: [],
  active: null,
  openFor: (host) => {
    const key = `${host}#${++counter}`
    set((s) => ({ tabs: [...s.tabs, { key, host }], active: key }))
  },
  close: (key) =>
    set((s) => {
      const tabs = s.tabs.filter((t) => t.key !== key)
      return { tabs, active: s.active === key ? (tabs.at(-1)?.key ?? null) : s.active }
    }),
  select: (key) => set({ active: key })
}))
