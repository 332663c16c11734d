// The terminal tabs along the bottom of the window, one per opened host shell.
import { useTerminalStore } from './terminal-store'
import { TerminalView } from './terminal-view'

export function TerminalPanel() {
  const tabs = useTerminalStore((s) => s.tabs)
  const active = useTerminalStore((s) => s.active)
  const select = useTerminalStore((s) => s.select)
  const close = useTerminalStore((s) => s.close)
  if (tabs.length === 0) return null
  return (
    <section className="terminal-panel" aria-label="Terminals">
      <div role="tablist" className="terminal-panel__tabs">
        {tabs.map((tab) => (
          <span key={tab.key} className="terminal-panel__tab">
            <button type="button" role="tab" aria-selected={tab.key === active} onClick={() => select(tab.key)}>
              {tab.host}
            </button>
            <button type="button" aria-label={`Close terminal ${tab.host}`} onClick={() => close(tab.key)}>
              ×
            </button>
          </span>
        ))}
        <span className="muted small">Ctrl+Shift+C copy · Ctrl+Shift+V paste</span>
      </div>
      {tabs.map((tab) => (
        <TerminalView key={tab.key} host={tab.host} visible={tab.key === active} />
      ))}
    </section>
  )
}
