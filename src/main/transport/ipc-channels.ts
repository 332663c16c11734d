// Channel names shared by the preload and main: one invoke channel per contract method.
import type { RequestName } from '../../shared/api'

export const EVENT_CHANNEL = 'rackside:event'
export const requestChannel = (name: RequestName) => `rackside:request:${name}`
