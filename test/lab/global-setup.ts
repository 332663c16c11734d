/**
 * vitest globalSetup for the integration project: one lab per run.
 *
 * It starts nothing itself (runs without lab tests pay nothing); requireLab() brings the lab up on
 * first use. At the end of the run it leaves the lab as it found it: torn down if the run brought it
 * up, brought back up if it was up before and a test (the lifecycle test) took it down. It also
 * repeats, loudly, the list of tests that did not run because the machine cannot run the lab.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { labDown, labPaths, labStatus, labUp } from './lab'

interface NotRunEntry {
  file: string
  reason: string
  tests: string[]
}

function printNotRun(logFile: string): void {
  let entries: NotRunEntry[] = []
  try {
    entries = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as NotRunEntry)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  if (entries.length === 0) return
  const count = entries.reduce((n, e) => n + e.tests.length, 0)
  const lines = [
    '',
    `!!!!!!!!!! ${count} LAB TEST(S) WERE NOT RUN: this machine cannot run the lab !!!!!!!!!!`,
    ...entries.flatMap((e) => [`${e.file}  (${e.reason})`, ...e.tests.map((t) => `  - ${t}`)]),
    'They need root and the packages of test/lab/install-packages.sh. With CI=true they fail instead.',
    ''
  ]
  console.warn(lines.join('\n'))
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const wasUp = (await labStatus()).up
  const logDir = mkdtempSync(join(tmpdir(), 'rackside-lab-not-run-'))
  const logFile = join(logDir, 'not-run.jsonl')
  project.provide('labNotRunLog', logFile)

  return async () => {
    printNotRun(logFile)
    rmSync(logDir, { recursive: true, force: true })
    // Without root no test could have touched the lab.
    if (process.getuid?.() !== 0) return
    const isUp = (await labStatus()).up
    // A half-built lab (a test failed mid-way) leaves its state dir: clean that up too.
    if (!wasUp && (isUp || existsSync(labPaths().stateDir))) await labDown()
    if (wasUp && !isUp) await labUp()
  }
}
