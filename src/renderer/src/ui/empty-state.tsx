// What an empty list says: what is missing and what to do next.
import type { ReactNode } from 'react'

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children !== undefined && <div className="empty__hint">{children}</div>}
    </div>
  )
}
