// One CSP for both ways the renderer is served: no inline script, no eval, no remote anything.
// Styles allow 'unsafe-inline' because xterm.js (the terminal) writes its own <style> elements;
// scripts stay strictly 'self'.
// The web transport adds its own ws:// origin; Electron's IPC needs no connect-src at all.
export function contentSecurityPolicy(connectSources = ''): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${connectSources ? ` ${connectSources}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}
