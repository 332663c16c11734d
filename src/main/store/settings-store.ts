// Small app settings kept in the store, each with its default here.
import type Database from 'better-sqlite3'

export class SettingsStore {
  constructor(private readonly db: Database.Database) {}

  private get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string } | undefined)?.value
  }

  private set(key: string, value: string): void {
    this.db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
  }

  /** The demo fleet serves the demo site's hosts; on until the user switches it off. */
  demoFleetEnabled(): boolean {
    return this.get('demoFleet') !== 'off'
  }

  setDemoFleetEnabled(enabled: boolean): void {
    this.set('demoFleet', enabled ? 'on' : 'off')
  }
}
