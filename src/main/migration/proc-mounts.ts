// /proc/mounts of a hypervisor: which filesystem holds each VM disk path there, so the storage
// pre-check can tell a shared Gluster FUSE mount from a local disk at the same path.
import type { HostMount } from '../../shared/domain/vm-placement-types'
import { ParseError } from '../probes/parse-error'
import { rejectBinary, toLines } from '../probes/linux/probe-text'

const TOOL = '/proc/mounts'

export const procMountsCommand: readonly string[] = ['cat', '/proc/mounts']

// The kernel writes space, tab, newline and backslash in paths as 3-digit octal escapes (\040).
function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))
}

/** `source mountpoint fstype options dump pass` per line; any other shape is garbage. */
export function parseProcMounts(text: string): HostMount[] {
  const lines = toLines(text)
  rejectBinary(TOOL, lines)
  const mounts: HostMount[] = []
  for (const line of lines) {
    if (line.text.trim() === '') continue
    const fields = line.text.trim().split(/\s+/)
    const [, mountPoint, fsType, , dump, pass] = fields
    // Six fields exactly: the kernel escapes blanks inside paths, so no field holds a space.
    if (fields.length !== 6 || mountPoint === undefined || fsType === undefined || !/^\d+$/.test(dump ?? '') || !/^\d+$/.test(pass ?? ''))
      throw new ParseError(TOOL, 'expected "source mountpoint fstype options dump pass"', line.lineNumber, line.text)
    if (!/^[a-z0-9_.+-]+$/.test(fsType)) throw new ParseError(TOOL, `unreadable filesystem type ${JSON.stringify(fsType)}`, line.lineNumber, line.text)
    if (!mountPoint.startsWith('/')) throw new ParseError(TOOL, `mount point ${JSON.stringify(mountPoint)} is not an absolute path`, line.lineNumber, line.text)
    mounts.push({ mountPoint: unescapeOctal(mountPoint), fsType })
  }
  if (mounts.length === 0) throw new ParseError(TOOL, 'empty output: every Linux host has at least its root mount')
  return mounts
}
