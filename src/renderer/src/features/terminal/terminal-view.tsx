// One terminal tab: xterm.js drawing an SSH shell on the host. Keys go to the shell, output is
// acknowledged once drawn (flow control), the size follows the panel, and Ctrl+Shift+C / V copy
// and paste.
import { useEffect, useRef, useState } from 'react'
import { Terminal } from '@xterm/xterm'
import { FitAddon } from '@xterm/addon-fit'
import '@xterm/xterm/css/xterm.css'
import { useAppStore } from '../../store/app-store'

export function TerminalView({ host, visible }: { host: string; visible: boolean }) {
  const api = useAppStore((s) => s.api)
  const containerRef = useRef<HTMLDivElement>(null)
  const fitRef = useRef<FitAddon | null>(null)
  const [status, setStatus] = useState<string>(`connecting to ${host}…`)

  useEffect(() => {
    const container = containerRef.current
    if (!api || !container) return
    const term = new Terminal({ fontFamily: 'DejaVu Sans Mono, monospace', fontSize: 13, cursorBlink: true, scrollback: 5000 })
    const fit = new FitAddon()
    fitRef.current = fit
    term.loadAddon(fit)
    term.open(container)
    fit.fit()
    let id: string | null = null
    let closed = false
    const unsubscribers: (() => void)[] = []

    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true
      if (event.code === 'KeyC') {
        const selection = term.getSelection()
        if (selection) void navigator.clipboard?.writeText(selection)
        return false
      }
      if (event.code === 'KeyV') {
        void navigator.clipboard?.readText().then((text) => term.paste(text))
        return false
      }
      return true
    })

    api
      .call('terminal.open', { host, cols: term.cols, rows: term.rows })
      .then(({ id: opened }) => {
        if (closed) return void api.call('terminal.close', { id: opened })
        id = opened
        setStatus('')
        unsubscribers.push(
          api.on('terminal.output', ({ id: from, data }) => {
            if (from !== opened) return
            const bytes = new TextEncoder().encode(data).length
            term.write(data, () => void api.call('terminal.ack', { id: opened, bytes }).catch(() => undefined))
          }),
          api.on('terminal.exit', ({ id: from }) => {
            if (from === opened) setStatus('the shell has ended')
          })
        )
        const input = term.onData((data) => void api.call('terminal.input', { id: opened, data }).catch((error: unknown) => setStatus((error as Error).message)))
        const resize = term.onResize(({ cols, rows }) => void api.call('terminal.resize', { id: opened, cols, rows }).catch(() => undefined))
        unsubscribers.push(
          () => input.dispose(),
          () => resize.dispose()
        )
        term.focus()
      })
      .catch((error: unknown) => setStatus(`${host}: ${(error as Error).message}`))

    const observer = new ResizeObserver(() => fit.fit())
    observer.observe(container)
    return () => {
      closed = true
      observer.disconnect()
      unsubscribers.forEach((unsubscribe) => unsubscribe())
      if (id) void api.call('terminal.close', { id }).catch(() => undefined)
      term.dispose()
    }
  }, [api, host])

  useEffect(() => {
    if (visible) fitRef.current?.fit()
  }, [visible])

  return (
    <div className="terminal-view" hidden={!visible} data-terminal-host={host}>
      {status && (
        <p className="muted" role="status">
          {status}
        </p>
      )}
      <div ref={containerRef} className="terminal-view__screen" />
    </div>
  )
}
