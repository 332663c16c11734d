// The one entry point both transports use: checks the method is in the contract, validates its
// arguments, runs the handler and turns any failure into an error value.
import { apiRequests, isRequestName, type ApiHandlers, type Caller, type WireResponse } from '../../shared/api'

export async function dispatchRequest(handlers: ApiHandlers, method: unknown, args: unknown, caller?: Caller): Promise<WireResponse> {
  if (!isRequestName(method)) {
    return { ok: false, error: { kind: 'unknown-method', message: `unknown method ${JSON.stringify(String(method)).slice(0, 100)}` } }
  }
  const parsed = apiRequests[method].args.safeParse(args ?? {})
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`).join('; ')
    return { ok: false, error: { kind: 'invalid-arguments', message: `${method}: ${detail}` } }
  }
  try {
    const handler = handlers[method] as (args: unknown, caller?: Caller) => Promise<unknown>
    return { ok: true, result: await handler(parsed.data, caller) }
  } catch (error) {
    return { ok: false, error: toErrorValue(error) }
  }
}

function toErrorValue(error: unknown): { kind: string; message: string } {
  if (error instanceof Error) {
    const kind = (error as { kind?: unknown }).kind
    return { kind: typeof kind === 'string' ? kind : 'internal', message: error.message }
  }
  return { kind: 'internal', message: String(error) }
}
