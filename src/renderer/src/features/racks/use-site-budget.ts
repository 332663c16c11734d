// The site's budgets from shared/domain/power, or the error that stopped them (an inventory with
// a device of unknown model, a CPU figure outside 0..1) as a value to show — never a silent zero.
import { useMemo } from 'react'
import { siteBudget } from '../../../../shared/domain/power'
import type { Site } from '../../../../shared/model'

export type SiteBudgetResult = { ok: true; value: ReturnType<typeof siteBudget> } | { ok: false; message: string }

/** `utilisation`: live CPU use 0..1 by device name, for the budgets' live estimate. */
export function useSiteBudget(site: Site, utilisation?: Readonly<Record<string, number>>): SiteBudgetResult {
  return useMemo(() => {
    try {
      return { ok: true, value: siteBudget(site, utilisation === undefined ? {} : { utilisation }) }
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) }
    }
  }, [site, utilisation])
}
