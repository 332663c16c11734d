// "Migrate to…": every other hypervisor with the verdict of moving the VM there, so a keyboard
// or screen-reader user picks a target knowing what the pre-checks say; refused ones say why.
import type { MigrationPlan } from '../../../../shared/domain/migration-checks'
import { useModal } from './use-modal'
import { VerdictLine } from './verdict-line'

export interface MigrateToChoice {
  host: string
  plan: MigrationPlan
}

export function MigrateToDialog({ vm, from, choices, onChoose, onClose }: { vm: string | null; from: string; choices: readonly MigrateToChoice[]; onChoose(host: string): void; onClose(): void }) {
  const ref = useModal(vm !== null)
  return (
    <dialog
      ref={ref}
      className="dialog vms-dialog"
      aria-labelledby="migrate-to-title"
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      {vm !== null && (
        <>
          <h2 id="migrate-to-title">
            Migrate {vm} (on {from}) to…
          </h2>
          <ul className="plain-list migrate-to__list" aria-label="Target hypervisors">
            {choices.map(({ host, plan }, index) => (
              <li key={host} className="migrate-to__item">
                <button
                  type="button"
                  className="btn migrate-to__host"
                  autoFocus={index === choices.findIndex((c) => c.plan.verdict !== 'error')}
                  aria-describedby={`migrate-to-${host}`}
                  onClick={() => onChoose(host)}
                >
                  {host}
                </button>
                <div id={`migrate-to-${host}`}>
                  <VerdictLine plan={plan} detailed={false} />
                </div>
              </li>
            ))}
          </ul>
          <div className="dialog__actions">
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
          </div>
        </>
      )}
    </dialog>
  )
}
