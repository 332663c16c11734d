// Reads the captured gluster outputs in test/fixtures/gluster (README there says how each was taken).
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const glusterFixtureDir = fileURLToPath(new URL('../../../../fixtures/gluster/', import.meta.url))

export function glusterFixture(name: string): string {
  return readFileSync(`${glusterFixtureDir}${name}`, 'utf8')
}

/** Every XML capture, by path relative to the fixture folder (topologies/ included). */
export function glusterXmlFixtures(): string[] {
  return [
    ...readdirSync(glusterFixtureDir).filter((name) => name.endsWith('.xml')),
    ...readdirSync(`${glusterFixtureDir}topologies`)
      .filter((name) => name.endsWith('.xml'))
      .map((name) => `topologies/${name}`)
  ].sort()
}
