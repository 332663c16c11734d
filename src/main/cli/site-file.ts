// Reading a site YAML file for the CLI commands: the file through CliIo, the checks in
// src/shared/site-yaml.ts, and one stderr line per problem.
import { formatSiteError, loadSiteYaml, type SiteYamlResult } from '../../shared/site-yaml'
import type { CliIo } from './cli-io'

export async function readSiteFile(io: CliIo, path: string): Promise<SiteYamlResult> {
  let bytes: Buffer
  try {
    bytes = await io.readFile(path)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return { ok: false, errors: [{ file: path, line: null, path: '', message: `cannot read the site file: ${reason}` }] }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, errors: [{ file: path, line: null, path: '', message: 'the site file is not UTF-8 text' }] }
  }
  return loadSiteYaml(text, path)
}

export function printSiteErrors(io: CliIo, result: Extract<SiteYamlResult, { ok: false }>): void {
  for (const error of result.errors) io.stderr(`${formatSiteError(error)}\n`)
}
