// `npm run bench -- NAME [options]`: runs one benchmark module from bench/NAME.bench.ts. Each
// benchmark measures Rackside against a named peer in the same run and prints ratios.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2)
  const available = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.replace(/\.bench\.ts$/, ''))
    .sort()
  if (!name || !available.includes(name)) {
    console.error(`usage: npm run bench -- NAME [options]\navailable: ${available.join(', ') || '(none)'}`)
    process.exit(2)
  }
  const module = (await import(join(__dirname, `${name}.bench.ts`))) as { run(args: string[]): Promise<void> }
  await module.run(args)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
