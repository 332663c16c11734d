// One CSP for both ways the renderer is served: no inline script, no eval, no remote anything.
// <style> elements need the page's nonce: xterm.js (the terminal) writes its own, and the
// renderer stamps the nonce on them as they are created (src/renderer/src/style-nonce.ts), so an
// injected <style> cannot restyle the page. Style attributes stay allowed: xterm colours 24-bit
// text with them, and CSSOM styles (React's style prop) are not subject to CSP anyway.
// The web transport adds its own ws:// origin; Electron's IPC needs no connect-src at all.
import { randomBytes } from 'node:crypto'

/** What index.html holds where each response's nonce goes. */
export const STYLE_NONCE_PLACEHOLDER = '__RACKSIDE_STYLE_NONCE__'

export function contentSecurityPolicy(connectSources = '', styleNonce?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self'${styleNonce ? ` 'nonce-${styleNonce}'` : ''}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${connectSources ? ` ${connectSources}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

/** The page with a fresh nonce in place of the placeholder, and the CSP that admits it. */
export function pageWithStyleNonce(html: string, connectSources = ''): { html: string; csp: string } {
  const nonce = randomBytes(18).toString('base64')
  return { html: html.split(STYLE_NONCE_PLACEHOLDER).join(nonce), csp: contentSecurityPolicy(connectSources, nonce) }
}
