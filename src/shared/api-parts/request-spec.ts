// Building blocks of the API contract, shared by its per-feature parts.
import { z } from 'zod'

/** A request's argument schema with its result type attached (the type exists only at compile time). */
export interface RequestSpec<Args extends z.ZodType, Result> {
  readonly args: Args
  readonly _result?: Result
}

export function request<Result>() {
  return <Args extends z.ZodType>(args: Args): RequestSpec<Args, Result> => ({ args })
}

export const noArgs = z.object({}).strict()
export const entityName = z.string().trim().min(1).max(128)
