// A native <dialog> shown modally while `open` is true: the browser traps focus and keeps the
// page behind it inert, and Escape arrives as the dialog's cancel event.
import { useEffect, useRef } from 'react'

export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])
  return ref
}
