// The site's budgets from shared/domain/power, or the error that stopped them (an inventory with
// a device of unknown model, say) as a value to show — never a silent zero.
import { useMemo } from 'react'
import { siteBudget } from '../../../../shared/domain/power'
import type { Site } from '../../../../shared/model'

export type SiteBudgetResult = { ok: true; value: ReturnType<typeof siteBudget> } | { ok: false; message: string }

export function useSiteBudget(site: Site): SiteBudgetResult {
  return useMemo(() => {
    try {
      return { ok: true, value: siteBudget(site) }
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) }
    }
  }, [site])
}
