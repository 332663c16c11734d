/**
 * Let a test file (or describe block) ask for the lab:
 *
 *   const lab = requireLab()                 // brings the shared lab up in beforeAll if it is not up
 *   it('…', async () => { await labSsh('hv-01', 'virsh list') })
 *
 *   requireLab({ up: false })                // only checks that the machine can run the lab
 *
 * When the machine cannot run the lab (not root, packages missing, lab addresses taken):
 *   - with CI=true the beforeAll fails with the reason, so every test of the block fails;
 *   - otherwise every test of the block is skipped with the reason as its note, a loud warning lists
 *     them, and test/lab/global-setup.ts repeats the list at the end of the run.
 * A lab that can run but breaks while starting always fails the tests: that is a bug, not the machine.
 *
 * One lab per vitest run: labUp() is idempotent, so the first file brings it up and the others reuse
 * it; global-setup.ts tears it down at the end if this run brought it up.
 */
import { appendFileSync } from 'node:fs'
import { beforeAll, beforeEach, inject } from 'vitest'
import type { RunnerTestFile, RunnerTestSuite } from 'vitest'
import { LabError, labCheck, labUp } from './lab'
import type { LabUpOptions, LabVirtType } from './lab'

declare module 'vitest' {
  export interface ProvidedContext {
    /** File where requireLab() records tests that did not run (set by global-setup.ts). */
    labNotRunLog: string
  }
}

export interface RequireLabOptions extends LabUpOptions {
  /** false: only check that the lab can run here (for tests that bring it up and down themselves). */
  up?: boolean
}

export interface LabHandle {
  /** Set once beforeAll has run: the lab can be used. */
  readonly available: boolean
  /** Why the lab is not available, when it is not. */
  readonly reason: string | null
  /** The running lab's virt type (null with { up: false } or when unavailable). */
  readonly virtType: LabVirtType | null
}

const hookTimeoutMs = 240_000

export function isCi(): boolean {
  const ci = process.env.CI
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false'
}

function testNames(suite: Readonly<RunnerTestSuite | RunnerTestFile>, prefix = ''): string[] {
  const names: string[] = []
  for (const task of suite.tasks) {
    const name = prefix ? `${prefix} > ${task.name}` : task.name
    if (task.type === 'suite') names.push(...testNames(task, name))
    else names.push(name)
  }
  return names
}

function reportNotRun(suite: Readonly<RunnerTestSuite | RunnerTestFile>, reason: string): void {
  const file = suite.file?.filepath ?? suite.name
  const tests = testNames(suite)
  const lines = [
    '',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!! LAB TESTS NOT RUN !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    `${file}: ${tests.length} test(s) need the lab, which cannot run on this machine:`,
    `  reason: ${reason}`,
    ...tests.map((t) => `  - ${t}`),
    'Run as root after test/lab/install-packages.sh; with CI=true these tests fail instead.',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    ''
  ]
  console.warn(lines.join('\n'))
  const log = inject('labNotRunLog')
  if (log) appendFileSync(log, JSON.stringify({ file, reason, tests }) + '\n')
}

export function requireLab(opts: RequireLabOptions = {}): LabHandle {
  const state: { available: boolean; reason: string | null; virtType: LabVirtType | null } = {
    available: false,
    reason: null,
    virtType: null
  }

  // vitest requires the context argument as an object pattern before it hands over the suite.
  // eslint-disable-next-line no-empty-pattern
  beforeAll(async ({}, suite) => {
    try {
      if (opts.up === false) {
        await labCheck()
      } else {
        const result = await labUp(opts)
        state.virtType = result.virtType
      }
      state.available = true
    } catch (e) {
      if (!(e instanceof LabError) || !e.isEnvironment) throw e
      state.reason = `${e.kind}: ${e.message}`
      if (isCi()) throw new Error(`the lab is required (CI=true) but cannot run here: ${state.reason}`, { cause: e })
      reportNotRun(suite, state.reason)
    }
  }, hookTimeoutMs)

  beforeEach((ctx) => {
    if (!state.available) ctx.skip(`lab not available: ${state.reason ?? 'beforeAll did not finish'}`)
  })

  // No afterAll: the lab is shared by the whole run and torn down by global-setup.ts.
  return {
    get available() {
      return state.available
    },
    get reason() {
      return state.reason
    },
    get virtType() {
      return state.virtType
    }
  }
}
