// `rackside SUBCOMMAND …`: the app's services without a window. Each subcommand is one module.
import { CliUsageError, ExitCode, processIo, type CliIo } from './cli/cli-io'
import { runDiagnoseCommand } from './cli/diagnose-command'
import { runFitsCommand } from './cli/fits-command'
import { runHealthCommand } from './cli/health-command'
import { runInventoryCommand } from './cli/inventory-command'
import { runMigrateCommand } from './cli/migrate-command'
import { runParseCommand } from './cli/parse-command'
import { runPowerCommand } from './cli/power-command'
import { runProbeCommand } from './cli/probe-command'
import { runSimCommand } from './cli/sim-command'
import { runWebCommand } from './cli/web-command'

type Command = (args: string[], io: CliIo) => Promise<number>

const commands: Record<string, { run: Command; usage: string }> = {
  web: { run: runWebCommand, usage: 'web [--port N] [--data DIR]          serve the UI and API on 127.0.0.1' },
  inventory: { run: runInventoryCommand, usage: 'inventory export [--out FILE] | import FILE.yaml  [--data DIR]' },
  power: { run: runPowerCommand, usage: 'power --site FILE.yaml [--json]       power, cooling, weight and U budget per cabinet' },
  probe: { run: (args, io) => runProbeCommand(args, io), usage: 'probe [user@]host[:port] [-i KEY] [-J JUMP] [--known-hosts FILE] [--accept-new] [--json] [--data DIR]' },
  sim: { run: (args, io) => runSimCommand(args, io), usage: 'sim [--hosts N] [--port P] [--site FILE] [--data DIR] [--seed S] [--fail2ban]   run the demo fleet alone' },
  migrate: { run: runMigrateCommand, usage: 'migrate VM --to HOST [--from HOST] [--dry-run] [--json] [--data DIR]   live-migrate with the pre-checks (3 = refused)' },
  parse: { run: runParseCommand, usage: 'parse KIND [--json] < output      run one probe parser on captured tool output' },
  diagnose: { run: runDiagnoseCommand, usage: 'diagnose mail --log FILE [--who FILE] [--ss FILE] [--service-status FILE] [--penalty FILE] [--loadavg FILE] [--psi-io FILE] [--vmstat FILE] [--postqueue FILE] [--cores N] [--json]' },
  health: { run: runHealthCommand, usage: 'health gluster --info FILE --status FILE [--heal-summary FILE] [--peers FILE] [--json]' },
  fits: { run: runFitsCommand, usage: 'fits --site FILE.yaml --cabinet NAME --model NAME [--json]   how many more fit, and what limits it' }
}

export function usage(): string {
  return `usage: rackside <command> [options]\n\n${Object.values(commands)
    .map((c) => `  rackside ${c.usage}`)
    .join('\n')}\n`
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage())
    return name === undefined ? ExitCode.usage : ExitCode.ok
  }
  const command = commands[name]
  if (!command) {
    io.stderr(`rackside: unknown command '${name}'\n${usage()}`)
    return ExitCode.usage
  }
  try {
    return await command.run(args, io)
  } catch (error) {
    if (error instanceof CliUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`rackside ${name}: ${(error as Error).message}\n`)
      return ExitCode.usage
    }
    io.stderr(`rackside ${name}: ${(error as Error).message}\n`)
    return ExitCode.failed
  }
}

export function main(argv: string[]): void {
  runCli(argv, processIo()).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`rackside: ${(error as Error).stack ?? String(error)}\n`)
      process.exit(ExitCode.failed)
    }
  )
}
