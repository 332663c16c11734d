// The main-side service behind the VMs view's requests.
import type { vmsRequests } from '../../shared/api-parts/vms-api'
import type { FeatureDeps, FeatureService } from './feature-service'

export function createVmsService(_deps: FeatureDeps): FeatureService<typeof vmsRequests> {
  return { handlers: {} }
}
