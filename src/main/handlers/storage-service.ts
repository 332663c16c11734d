// The main-side service behind the Storage view's requests.
import type { storageRequests } from '../../shared/api-parts/storage-api'
import type { FeatureDeps, FeatureService } from './feature-service'

export function createStorageService(_deps: FeatureDeps): FeatureService<typeof storageRequests> {
  return { handlers: {} }
}
