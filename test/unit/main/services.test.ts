// The composition root's desktop-only capability: app.printToPdf runs the shell's printer when
// one is given (the Electron app) and is refused with a clear message otherwise (rackside web).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices, type Services } from '../../../src/main/services'
import { dispatchRequest } from '../../../src/main/transport/dispatch'
import { resourcesDir, tempDir } from '../../helpers/temp-services'

describe('app.printToPdf', () => {
  let dir: ReturnType<typeof tempDir>
  let services: Services | undefined
  beforeEach(() => {
    dir = tempDir()
  })
  afterEach(async () => {
    await services?.close()
    dir.remove()
  })

  const start = async (printToPdf?: (fileName: string) => Promise<{ saved: true; path: string } | { saved: false }>) => {
    services = await createServices({ dataDir: dir.path, resourcesDir, version: 'test', secretStoreKind: 'memory', ...(printToPdf ? { printToPdf } : {}) })
    return services
  }

  it('is refused, and app.info says so, when the shell has no PDF printer', async () => {
    const { handlers } = await start()
    expect((await handlers['app.info']({})).capabilities).toEqual({ printToPdf: false })
    expect(await dispatchRequest(handlers, 'app.printToPdf', { fileName: 'racks.pdf' })).toEqual({
      ok: false,
      error: { kind: 'not-available', message: 'saving a PDF directly needs the desktop app; in a browser use Print and choose "Save as PDF"' }
    })
  })

  it("hands the file name to the shell's printer and answers what it saved", async () => {
    const asked: string[] = []
    const { handlers } = await start(async (fileName) => {
      asked.push(fileName)
      return fileName.startsWith('cancel') ? { saved: false } : { saved: true, path: `/home/ops/${fileName}` }
    })
    expect((await handlers['app.info']({})).capabilities).toEqual({ printToPdf: true })
    expect(await dispatchRequest(handlers, 'app.printToPdf', { fileName: 'demo-racks.pdf' })).toEqual({ ok: true, result: { saved: true, path: '/home/ops/demo-racks.pdf' } })
    expect(await dispatchRequest(handlers, 'app.printToPdf', { fileName: 'cancel.pdf' })).toEqual({ ok: true, result: { saved: false } })
    // A name with folders or without .pdf never reaches the printer.
    expect(await dispatchRequest(handlers, 'app.printToPdf', { fileName: '../../etc/passwd.pdf' })).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } })
    expect(await dispatchRequest(handlers, 'app.printToPdf', { fileName: 'racks.txt' })).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } })
    expect(asked).toEqual(['demo-racks.pdf', 'cancel.pdf'])
  })
})
