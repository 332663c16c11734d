// One CSP for both ways the renderer is served: no inline script, no eval, no remote anything.
// The web transport adds its own ws:// origin; Electron's IPC needs no connect-src at all.
export function contentSecurityPolicy(connectSources = ''): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${connectSources ? ` ${connectSources}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}
