// The left navigation: one button per view, Alt+1..Alt+5 shown as hints (the hint is hidden from
// the accessible name so each button is named exactly after its view).
import type { ReactNode } from 'react'
import { viewNames, type ViewName } from '../store/app-store'
import { shortcutFor } from './view-shortcut'

const ICONS: Record<ViewName, ReactNode> = {
  Racks: (
    <>
      <rect x="3" y="2" width="10" height="12" rx="1" />
      <path d="M5 5h6M5 8h6M5 11h6" />
    </>
  ),
  VMs: (
    <>
      <rect x="2" y="3" width="12" height="8" rx="1" />
      <path d="M6 14h4M8 11v3" />
    </>
  ),
  Storage: (
    <>
      <ellipse cx="8" cy="4" rx="5" ry="2" />
      <path d="M3 4v8c0 1.1 2.2 2 5 2s5-.9 5-2V4M3 8c0 1.1 2.2 2 5 2s5-.9 5-2" />
    </>
  ),
  Mail: (
    <>
      <rect x="2" y="4" width="12" height="8" rx="1" />
      <path d="M2 5l6 4 6-4" />
    </>
  ),
  Hosts: (
    <>
      <rect x="2" y="3" width="12" height="4" rx="1" />
      <rect x="2" y="9" width="12" height="4" rx="1" />
      <path d="M4.5 5h.01M4.5 11h.01" />
    </>
  )
}

interface NavProps {
  active: ViewName
  onSelect(view: ViewName): void
}

export function Nav({ active, onSelect }: NavProps) {
  return (
    <nav aria-label="Views" className="nav">
      <div className="nav__brand">
        <svg viewBox="0 0 16 16" className="nav__logo" aria-hidden="true">
          <rect x="3" y="1.5" width="10" height="13" rx="1.5" />
          <path d="M5.5 5h5M5.5 8h5M5.5 11h5" />
        </svg>
        Rackside
      </div>
      <ul className="nav__list">
        {viewNames.map((view) => (
          <li key={view}>
            <button
              type="button"
              className="nav__item"
              aria-current={view === active ? 'page' : undefined}
              aria-keyshortcuts={shortcutFor(view)}
              onClick={() => onSelect(view)}
            >
              <svg viewBox="0 0 16 16" className="nav__icon" aria-hidden="true">
                {ICONS[view]}
              </svg>
              <span className="nav__label">{view}</span>
              <kbd className="nav__kbd" aria-hidden="true">
                {shortcutFor(view)}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
