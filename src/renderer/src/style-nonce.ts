// The CSP admits only <style> elements that carry this page's nonce (see the main process's
// content-security-policy.ts). xterm.js creates its own <style> elements and has no nonce option,
// and a nonce only counts when set before the element is inserted, so every <style> this document
// creates gets it at creation.

/** Stamps the page's style nonce on every <style> the document creates (nothing when the page has none). */
export function stampStyleNonce(doc: Document): void {
  const nonce = doc.querySelector<HTMLMetaElement>('meta[name="rackside-style-nonce"]')?.content ?? ''
  // The placeholder left in: served by something that does not set a nonce (the Vite dev server).
  if (nonce === '' || nonce.startsWith('__')) return
  const create = doc.createElement.bind(doc) as (tagName: string, options?: ElementCreationOptions) => HTMLElement
  const stamped = (tagName: string, options?: ElementCreationOptions): HTMLElement => {
    const element = create(tagName, options)
    if (tagName.toLowerCase() === 'style') element.setAttribute('nonce', nonce)
    return element
  }
  doc.createElement = stamped as Document['createElement']
}
