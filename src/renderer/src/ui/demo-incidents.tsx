// Rehearse incidents on the demo fleet: kill a brick, cut or slow a host, switch the mail load
// scenario. Each action says what it did; all of them are audited.
import { useMemo, useState } from 'react'
import type { DemoInjectArgs } from '../../../shared/api'
import { useAppStore } from '../store/app-store'

const SCENARIOS = ['normal', 'brute-force', 'pop3-storm', 'io-bound'] as const

export function DemoIncidents() {
  const api = useAppStore((s) => s.api)
  const site = useAppStore((s) => s.site)
  const hosts = useMemo(() => site?.hosts.filter((h) => h.address.endsWith('.demo')) ?? [], [site])
  const [host, setHost] = useState('')
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const target = host || hosts[0]?.name || ''

  const inject = async (args: DemoInjectArgs) => {
    if (!api) return
    try {
      const { message } = await api.call('demo.inject', args)
      setResult({ ok: true, text: message })
    } catch (error) {
      setResult({ ok: false, text: (error as Error).message })
    }
  }

  return (
    <details className="demo-incidents">
      <summary>Rehearse an incident</summary>
      <div className="toolbar" role="group" aria-label="Demo incidents">
        <label>
          Host{' '}
          <select value={target} onChange={(e) => setHost(e.target.value)}>
            {hosts.map((h) => (
              <option key={h.name}>{h.name}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void inject({ action: 'kill-brick', host: target })}>
          Kill its brick
        </button>
        <button type="button" onClick={() => void inject({ action: 'restart-bricks' })}>
          Restart dead bricks
        </button>
        <button type="button" onClick={() => void inject({ action: 'cut-host', host: target, mode: 'refuse' })}>
          Cut it off
        </button>
        <button type="button" onClick={() => void inject({ action: 'slow-host', host: target, delayMs: 3000 })}>
          Slow it (3 s)
        </button>
        <button type="button" onClick={() => void inject({ action: 'restore-host', host: target })}>
          Restore it
        </button>
        <label>
          Mail load{' '}
          <select aria-label="Mail load scenario" defaultValue="" onChange={(e) => e.target.value && void inject({ action: 'mail-scenario', scenario: e.target.value as (typeof SCENARIOS)[number] })}>
            <option value="" disabled>
              choose…
            </option>
            {SCENARIOS.map((scenario) => (
              <option key={scenario}>{scenario}</option>
            ))}
          </select>
        </label>
      </div>
      {result && (
        <p role="status" className={result.ok ? 'muted' : 'error-text'}>
          {result.text}
        </p>
      )}
    </details>
  )
}
