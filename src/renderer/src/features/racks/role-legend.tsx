// Which colour means which device role, for the roles this site uses.
import { memo } from 'react'
import type { DeviceRole, Site } from '../../../../shared/model'

export const RoleLegend = memo(function RoleLegend({ site }: { site: Site }) {
  const roles = [...new Set(site.models.filter((m) => site.devices.some((d) => d.model === m.name)).map((m) => m.role))] as DeviceRole[]
  return (
    <ul className="legend" aria-label="Device roles">
      {roles.map((role) => (
        <li key={role}>
          <span className={`legend__swatch role-${role}`} aria-hidden="true" />
          {role}
        </li>
      ))}
      <li>
        <span className="legend__swatch legend__swatch--through" aria-hidden="true" />
        full-depth device seen from its other face
      </li>
    </ul>
  )
})
