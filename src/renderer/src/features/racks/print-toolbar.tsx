// The print view's actions. The desktop app saves the sheets as a PDF itself (Electron's
// printToPDF behind a save dialog, through app.printToPdf); a browser prints them with
// window.print(), where "Save as PDF" is one of the printers.
import { useState } from 'react'
import type { Site } from '../../../../shared/model'
import { useAppStore } from '../../store/app-store'
import { sheetsFileName } from './elevation-export'

type PdfState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'done'; tone: 'ok' | 'error'; text: string }

export function PrintToolbar({ site, onBack }: { site: Site; onBack(): void }) {
  const api = useAppStore((s) => s.api)
  const canSavePdf = useAppStore((s) => s.appInfo?.capabilities.printToPdf === true)
  const [pdf, setPdf] = useState<PdfState>({ kind: 'idle' })
  const savePdf = async () => {
    if (api === null) return
    setPdf({ kind: 'saving' })
    try {
      const result = await api.call('app.printToPdf', { fileName: sheetsFileName(site.site.name) })
      setPdf({ kind: 'done', tone: 'ok', text: result.saved ? `Saved ${result.path}` : 'Cancelled: no PDF saved' })
    } catch (error) {
      setPdf({ kind: 'done', tone: 'error', text: `Could not save the PDF: ${(error as Error).message}` })
    }
  }
  return (
    <div className="racks__toolbar no-print" role="toolbar" aria-label="Print actions">
      {canSavePdf && (
        <button type="button" className="btn btn--primary" disabled={pdf.kind === 'saving'} onClick={() => void savePdf()}>
          {pdf.kind === 'saving' ? 'Saving PDF…' : 'Save as PDF…'}
        </button>
      )}
      <button type="button" className={canSavePdf ? 'btn' : 'btn btn--primary'} onClick={() => window.print()}>
        {canSavePdf ? 'Print…' : 'Print / PDF'}
      </button>
      <button type="button" className="btn" onClick={onBack}>
        Back to racks
      </button>
      <span className="muted small">One page per cabinet, A4 landscape.</span>
      {pdf.kind === 'done' && (
        <span className={`placement-msg placement-msg--${pdf.tone}`} role={pdf.tone === 'ok' ? 'status' : 'alert'}>
          {pdf.text}
        </span>
      )}
    </div>
  )
}
