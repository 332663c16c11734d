import { describe, expect, it } from 'vitest'
import { shortcutFor, viewForShortcut } from '../../../../src/renderer/src/ui/view-shortcut'

const chord = (code: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
  altKey: true,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  code,
  ...mods
})

describe('viewForShortcut', () => {
  it('maps Alt+1..Alt+5 to the views in nav order, by physical key', () => {
    expect(['Digit1', 'Digit2', 'Digit3', 'Digit4', 'Numpad5'].map((code) => viewForShortcut(chord(code)))).toEqual(['Racks', 'VMs', 'Storage', 'Mail', 'Hosts'])
  })

  it('ignores other digits, plain digits and other modifiers', () => {
    expect(viewForShortcut(chord('Digit6'))).toBeNull()
    expect(viewForShortcut(chord('Digit1', { altKey: false }))).toBeNull()
    expect(viewForShortcut(chord('Digit1', { ctrlKey: true }))).toBeNull()
    expect(viewForShortcut(chord('Digit1', { shiftKey: true }))).toBeNull()
    expect(viewForShortcut(chord('KeyA'))).toBeNull()
  })

  it('shows the same shortcut as a hint', () => {
    expect(shortcutFor('Racks')).toBe('Alt+1')
    expect(shortcutFor('Hosts')).toBe('Alt+5')
  })
})
