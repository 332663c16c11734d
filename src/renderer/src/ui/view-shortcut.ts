// Which view a key press asks for: Alt+1..Alt+5, matched on the physical key (event.code)
// because Alt+digit types other characters on some layouts (macOS, AltGr keyboards).
import { viewNames, type ViewName } from '../store/app-store'

export interface KeyChord {
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  code: string
}

export function viewForShortcut(event: KeyChord): ViewName | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)
  if (!match?.[1]) return null
  return viewNames[Number(match[1]) - 1] ?? null
}

export function shortcutFor(view: ViewName): string {
  return `Alt+${viewNames.indexOf(view) + 1}`
}
