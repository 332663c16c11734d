// The VMs view's part of the API contract: its requests and event topics.
import type { z } from 'zod'
import type { RequestSpec } from './request-spec'

export const vmsRequests = {} satisfies Record<string, RequestSpec<z.ZodType, unknown>>

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VmsEvents {}
export const vmsEventTopics: readonly (keyof VmsEvents)[] = []
