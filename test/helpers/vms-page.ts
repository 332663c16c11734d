// The VMs view as a Chromium test drives it, for the demo fleet (test/e2e) and the lab alike: open
// the view, find cards and drop zones, read text as a screen reader would, drag a card with the
// mouse onto a hypervisor.
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

export interface VmsPage {
  /** The element's text as read aloud: whitespace collapsed, CSS capitalisation ignored. */
  text(locator: Locator): Promise<string>
  card(vm: string): Locator
  zone(host: string): Locator
  /** Presses on a VM card and moves the pointer onto a host's zone, waiting until the view targets it. */
  dragOver(vm: string, host: string): Promise<void>
}

export async function openVmsView(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'VMs', exact: true }).click()
  await page.getByRole('heading', { name: 'VMs', level: 1 }).waitFor()
}

export function vmsPage(page: Page): VmsPage {
  const card = (vm: string): Locator => page.locator(`[data-vm="${vm}"]`)
  const zone = (host: string): Locator => page.locator(`[data-host-zone="${host}"]`)
  return {
    text: async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
    card,
    zone,
    async dragOver(vm, host) {
      const box = await card(vm).boundingBox()
      if (box === null) throw new Error(`${vm} is not drawn`)
      // Well inside the card, above its buttons: a live line above it may wrap and push it down a little meanwhile.
      const grabY = box.y + box.height * 0.4
      await page.mouse.move(box.x + box.width / 2, grabY)
      await page.mouse.down()
      await page.mouse.move(box.x + box.width / 2 + 8, grabY + 8, { steps: 3 })
      const target = await zone(host).boundingBox()
      if (target === null) throw new Error(`${host} has no drop zone`)
      await page.mouse.move(target.x + target.width / 2, target.y + 40, { steps: 12 })
      await expect.poll(() => page.locator('.vms').getAttribute('data-drag-target')).toBe(host)
    }
  }
}
