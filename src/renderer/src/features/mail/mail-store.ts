// Mail-only live state, kept out of the app store so a 1 Hz sample re-renders the Mail view and
// nothing else: per host the last minutes of samples and the latest report, plus the chosen time
// range and diagnosis window, and the history fetched for the longer ranges.
import { create } from 'zustand'
import type { ApiClient } from '../../../../shared/api'
import type { MailHistory, MailHistoryRange, MailLiveState, MailReport, MailSample } from '../../../../shared/api-parts/mail-api'

export const LIVE_SAMPLE_CAP = 300

export interface HostLive {
  samples: MailSample[]
  report: MailReport | null
  error: string | null
  /** Samples that arrived as events since the view opened (the charts' 1 Hz, countable). */
  samplesReceived: number
}

export interface HostHistory {
  range: MailHistoryRange
  data: MailHistory | null
  error: string | null
}

export interface MailStoreState {
  live: Record<string, HostLive>
  history: Record<string, HostHistory>
  range: MailHistoryRange
  windowSeconds: number
  setRange(range: MailHistoryRange): void
  setWindowSeconds(seconds: number): void
  applyWatch(state: MailLiveState): void
  applySample(sample: MailSample): void
  applyReport(report: MailReport): void
  setError(host: string, message: string | null): void
  setHistory(host: string, history: HostHistory): void
}

const emptyLive: HostLive = { samples: [], report: null, error: null, samplesReceived: 0 }

/** Adds a sample in time order, ignoring one already held, keeping the newest `cap`. */
export function appendSample(samples: readonly MailSample[], sample: MailSample, cap = LIVE_SAMPLE_CAP): MailSample[] {
  const last = samples[samples.length - 1]
  if (last !== undefined && sample.atMs <= last.atMs) {
    if (samples.some((s) => s.atMs === sample.atMs)) return samples as MailSample[]
    const merged = [...samples, sample].sort((a, b) => a.atMs - b.atMs)
    return merged.slice(-cap)
  }
  const next = samples.length >= cap ? samples.slice(samples.length - cap + 1) : [...samples]
  next.push(sample)
  return next
}

export const useMailStore = create<MailStoreState>()((set) => ({
  live: {},
  history: {},
  range: 'live',
  windowSeconds: 300,
  setRange: (range) => set({ range }),
  setWindowSeconds: (windowSeconds) => set({ windowSeconds }),
  applyWatch: (state) =>
    set((s) => {
      const current = s.live[state.host] ?? emptyLive
      // The service's buffer fills the charts at once; after that the events keep them current.
      const samples = current.samples.length === 0 ? state.samples.slice(-LIVE_SAMPLE_CAP) : current.samples
      return { live: { ...s.live, [state.host]: { ...current, samples, report: state.report ?? current.report, error: null } } }
    }),
  applySample: (sample) =>
    set((s) => {
      const current = s.live[sample.host]
      if (current === undefined) return s
      return { live: { ...s.live, [sample.host]: { ...current, samples: appendSample(current.samples, sample), samplesReceived: current.samplesReceived + 1 } } }
    }),
  applyReport: (report) =>
    set((s) => {
      const current = s.live[report.host]
      if (current === undefined) return s
      return { live: { ...s.live, [report.host]: { ...current, report } } }
    }),
  setError: (host, error) => set((s) => ({ live: { ...s.live, [host]: { ...(s.live[host] ?? emptyLive), error } } })),
  setHistory: (host, history) => set((s) => ({ history: { ...s.history, [host]: history } }))
}))

let subscribed: { api: ApiClient; count: number; off: () => void } | null = null

/** Subscribes the store to the mail events once per API client; the returned function releases it. */
export function retainMailEvents(api: ApiClient): () => void {
  if (subscribed === null || subscribed.api !== api) {
    subscribed?.off()
    const offSample = api.on('mail.sample', (sample) => useMailStore.getState().applySample(sample))
    const offReport = api.on('mail.report', (report) => useMailStore.getState().applyReport(report))
    subscribed = { api, count: 0, off: () => (offSample(), offReport()) }
  }
  const held = subscribed
  held.count += 1
  let released = false
  return () => {
    if (released) return
    released = true
    held.count -= 1
    if (held.count === 0 && subscribed === held) {
      held.off()
      subscribed = null
    }
  }
}
