// Installs the Alt+1..Alt+5 view shortcuts on the window for the lifetime of the component.
import { useEffect } from 'react'
import type { ViewName } from '../store/app-store'
import { viewForShortcut } from './view-shortcut'

export function useViewShortcuts(onView: (view: ViewName) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const view = viewForShortcut(event)
      if (view === null) return
      event.preventDefault()
      onView(view)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [onView])
}
