// Anti-affinity tags per VM, in the table vm_tag (vm, tag) that this store creates on first use
// (CREATE TABLE IF NOT EXISTS: the VMs feature owns it, not the inventory schema). A data folder
// holds one site, so the map is the site's. Every tag is an anti-affinity group.
import type Database from 'better-sqlite3'

export class VmTagsStore {
  constructor(private readonly db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS vm_tag (vm TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (vm, tag))')
  }

  /** VM name -> its tags, sorted. */
  all(): Record<string, string[]> {
    const rows = this.db.prepare('SELECT vm, tag FROM vm_tag ORDER BY vm, tag').all() as { vm: string; tag: string }[]
    const map: Record<string, string[]> = {}
    for (const row of rows) (map[row.vm] ??= []).push(row.tag)
    return map
  }

  /** Replaces the tags of one VM (an empty list removes them). */
  set(vm: string, tags: readonly string[]): void {
    const unique = [...new Set(tags)]
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM vm_tag WHERE vm = ?').run(vm)
      const insert = this.db.prepare('INSERT INTO vm_tag (vm, tag) VALUES (?, ?)')
      for (const tag of unique) insert.run(vm, tag)
    })()
  }
}

