// The Mail view's part of the API contract: its requests and event topics.
import type { z } from 'zod'
import type { RequestSpec } from './request-spec'

export const mailRequests = {} satisfies Record<string, RequestSpec<z.ZodType, unknown>>

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MailEvents {}
export const mailEventTopics: readonly (keyof MailEvents)[] = []
