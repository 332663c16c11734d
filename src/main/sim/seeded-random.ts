// Deterministic randomness for the demo fleet: every "random" value is a hash of a seed and
// the names it belongs to, so the same site and seed give the same fleet on every run and a
// value can be recomputed on demand instead of being stored.

/** 32-bit FNV-1a over the parts joined by a separator that cannot occur in numbers. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5
  const text = parts.join('\u241f')
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  // A final avalanche (from murmur3) so nearby inputs give unrelated outputs.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A uniform number in [0, 1) decided by the parts. */
export function unitHash(...parts: (string | number)[]): number {
  return hash32(...parts) / 0x1_0000_0000
}

/** An integer in [min, max] decided by the parts. */
export function intHash(min: number, max: number, ...parts: (string | number)[]): number {
  return min + Math.floor(unitHash(...parts) * (max - min + 1))
}

/** Picks one element of a non-empty list. */
export function pickHash<T>(items: readonly T[], ...parts: (string | number)[]): T {
  const item = items[Math.floor(unitHash(...parts) * items.length)]
  if (item === undefined) throw new Error('pickHash needs a non-empty list')
  return item
}

/** A version-4-shaped UUID decided by the parts (libvirt and gluster print these). */
export function uuidHash(...parts: (string | number)[]): string {
  const hex = [0, 1, 2, 3].map((i) => hash32(...parts, 'uuid', i).toString(16).padStart(8, '0')).join('')
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** Bytes decided by the parts, for session ids and queue ids. */
export function bytesHash(length: number, ...parts: (string | number)[]): Buffer {
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i += 4) {
    const word = hash32(...parts, 'bytes', i)
    for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (8 * j)) & 0xff
  }
  return out
}
