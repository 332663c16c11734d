// The main-side service behind the Mail view's requests.
import type { mailRequests } from '../../shared/api-parts/mail-api'
import type { FeatureDeps, FeatureService } from './feature-service'

export function createMailService(_deps: FeatureDeps): FeatureService<typeof mailRequests> {
  return { handlers: {} }
}
