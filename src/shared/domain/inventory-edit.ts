// Editing the inventory one thing at a time: add, change or remove a cabinet (with its feeds), a
// device model or a device. Each edit is checked with the same schemas and site rules as a YAML
// import, so the form, the server and the importer agree; renames carry their references along,
// and a refused edit names the field and says why. Pure and cheap: forms run it on every change.
import type { z } from 'zod'
import { CabinetSchema, DeviceModelSchema, DeviceSchema, type Cabinet, type Device, type DeviceModel, type Site } from '../model'
import { formatSitePath } from '../site-yaml'
import { relocateDevices } from './free-placement'
import { describePlacement, findCollision, formatUnits, unitsSpanned } from './rack-units'
import { checkSite } from './site-rules'

export type CabinetInput = z.input<typeof CabinetSchema>
export type DeviceModelInput = z.input<typeof DeviceModelSchema>
export type DeviceInput = z.input<typeof DeviceSchema>

/** A feed renamed in a cabinet edit: devices plugged into `from` follow it to `to`. */
export interface FeedRename {
  from: string
  to: string
}

export type InventoryEdit =
  | { action: 'save-cabinet'; original?: string; cabinet: CabinetInput; feedRenames?: readonly FeedRename[] }
  | { action: 'remove-cabinet'; name: string; moveDevicesTo?: string }
  | { action: 'save-model'; original?: string; model: DeviceModelInput }
  | { action: 'remove-model'; name: string }
  | { action: 'save-device'; original?: string; device: DeviceInput }
  | { action: 'remove-device'; name: string }

/** Why an edit was refused: bad values, a name that is not there, a name taken, or still in use. */
export type EditRefusal = 'invalid' | 'not-found' | 'conflict' | 'in-use'

export interface EditProblem {
  /** The field of the edited thing, as `feeds[1].amps`; empty for the edit as a whole. */
  field: string
  message: string
}

/** What the audit log records for a stored edit. */
export interface EditAuditEntry {
  action: string
  target: string
  detail: string
}

export type EditOutcome =
  | { ok: true; site: Site; audit: EditAuditEntry }
  | { ok: false; refusal: EditRefusal; problems: EditProblem[]; message: string }

type Path = (string | number)[]

function refuse(refusal: EditRefusal, what: string, problems: EditProblem[]): EditOutcome {
  const detail = problems.map((p) => (p.field === '' ? p.message : `${p.field}: ${p.message}`)).join('; ')
  return { ok: false, refusal, problems, message: `${what}: ${detail}` }
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined), value)
}

// zod's defaults read like "Too small: expected number to be >=1"; a form wants "must be at least 1".
function issueMessage(issue: z.core.$ZodIssue, path: Path, input: unknown): string {
  const value = valueAt(input, path)
  if (issue.code === 'invalid_type' && value === undefined) return 'required'
  if (typeof value === 'number' && Number.isNaN(value)) return 'must be a number'
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be a whole number'
  if (issue.code === 'too_small' && issue.message.startsWith('Too small') && issue.origin === 'number')
    return `must be ${issue.inclusive === false ? 'above' : 'at least'} ${String(issue.minimum)}`
  if (issue.code === 'too_big' && issue.message.startsWith('Too big') && issue.origin === 'number') return `must be at most ${String(issue.maximum)}`
  return issue.message
}

function parseEntity<S extends z.ZodType>(schema: S, input: unknown): { ok: true; value: z.output<S> } | { ok: false; problems: EditProblem[] } {
  const parsed = schema.safeParse(input)
  if (parsed.success) return { ok: true, value: parsed.data }
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol')
      return { field: formatSitePath(path), message: issueMessage(issue, path, input) }
    })
  }
}

const SINGULAR: Record<string, string> = { cabinets: 'cabinet', models: 'model', devices: 'device', hosts: 'host' }

/**
 * The site rules on the edited site. Issues on the edited entry become its fields; issues it
 * causes elsewhere (a shrunk cabinet pushing a device out of range) name that entry and land on
 * `blame`, the form field that caused them.
 */
function siteProblems(site: Site, section: 'cabinets' | 'models' | 'devices', index: number, blame = ''): EditProblem[] {
  return checkSite(site).map((issue) => {
    const [issueSection, issueIndex, ...rest] = issue.path
    if (issueSection === section && issueIndex === index) return { field: formatSitePath(rest), message: issue.message }
    const entry = valueAt(site, [issueSection ?? '', issueIndex ?? '']) as { name?: string } | undefined
    return { field: blame, message: `${SINGULAR[String(issueSection)] ?? String(issueSection)} ${entry?.name ?? String(issueIndex)}: ${issue.message}` }
  })
}

function listNames(names: readonly string[], max = 6): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function describeCabinet(cabinet: Cabinet): string {
  const feeds = cabinet.feeds.map((f) => `${f.name} ${f.volts} V ${f.amps} A ${f.phases}-phase ${f.deratePercent} %`).join(', ')
  const contract = cabinet.contractWatts === undefined ? '' : `, contract ${cabinet.contractWatts} W`
  return `${cabinet.heightU}U, ${cabinet.maxWeightKg} kg, cooling ${cabinet.coolingWatts} W${contract}; feeds ${feeds}`
}

function describeModel(model: DeviceModel): string {
  const w = model.watts
  return `${model.role}, ${model.heightU}U ${model.fullDepth ? 'full' : 'half'} depth, idle/typical/peak/nameplate ${w.idle}/${w.typical}/${w.peak}/${w.nameplate} W, ${model.weightKg} kg`
}

function describeDevice(device: Device, heightU: number): string {
  const feeds = device.feeds.length > 0 ? device.feeds.join('+') : 'none'
  return `${device.model} at ${device.cabinet} ${formatUnits(unitsSpanned(device.positionU, heightU))} ${device.face}, feeds ${feeds}${device.host === undefined ? '' : `, host ${device.host}`}`
}

function renamed(original: string | undefined, name: string): string {
  return original !== undefined && original !== name ? `renamed ${original} → ${name}; ` : ''
}

function saveCabinet(site: Site, edit: Extract<InventoryEdit, { action: 'save-cabinet' }>): EditOutcome {
  const what = edit.original === undefined ? 'Cabinet not added' : `Cabinet ${edit.original} not saved`
  const parsed = parseEntity(CabinetSchema, edit.cabinet)
  if (!parsed.ok) return refuse('invalid', what, parsed.problems)
  const cabinet = parsed.value
  const index = edit.original === undefined ? -1 : site.cabinets.findIndex((c) => c.name === edit.original)
  const previous = site.cabinets[index]
  if (edit.original !== undefined && previous === undefined) return refuse('not-found', what, [{ field: '', message: `no cabinet named ${edit.original}` }])
  if (site.cabinets.some((c, i) => c.name === cabinet.name && i !== index)) return refuse('conflict', what, [{ field: 'name', message: `a cabinet named ${cabinet.name} already exists` }])

  const renames = new Map((edit.feedRenames ?? []).map((r) => [r.from, r.to]))
  const problems: EditProblem[] = []
  for (const [from, to] of renames) {
    if (!previous?.feeds.some((f) => f.name === from)) problems.push({ field: 'feeds', message: `feed ${from} is renamed but the cabinet had no feed ${from}` })
    if (!cabinet.feeds.some((f) => f.name === to)) problems.push({ field: 'feeds', message: `feed ${from} is renamed to ${to}, which is not among the feeds` })
  }
  const feedAfter = (feed: string) => renames.get(feed) ?? feed
  const here = previous === undefined ? [] : site.devices.filter((d) => d.cabinet === previous.name)
  for (const feed of previous?.feeds ?? []) {
    if (cabinet.feeds.some((f) => f.name === feedAfter(feed.name))) continue
    const users = here.filter((d) => d.feeds.includes(feed.name)).map((d) => d.name)
    if (users.length > 0) problems.push({ field: 'feeds', message: `feed ${feed.name} powers ${listNames(users)}: keep it, or plug ${users.length === 1 ? 'that device' : 'those devices'} into another feed first` })
  }
  if (problems.length > 0) return refuse('in-use', what, problems)

  const cabinets = previous === undefined ? [...site.cabinets, cabinet] : site.cabinets.map((c, i) => (i === index ? cabinet : c))
  const devices = site.devices.map((d) => (previous !== undefined && d.cabinet === previous.name ? { ...d, cabinet: cabinet.name, feeds: d.feeds.map(feedAfter) } : d))
  const next: Site = { ...site, cabinets, devices }
  const issues = siteProblems(next, 'cabinets', previous === undefined ? cabinets.length - 1 : index, 'heightU')
  if (issues.length > 0) return refuse('invalid', what, issues)
  const feedNote = [...renames].filter(([from, to]) => from !== to).map(([from, to]) => `feed ${from} → ${to}; `).join('')
  return {
    ok: true,
    site: next,
    audit: { action: previous === undefined ? 'inventory.add-cabinet' : 'inventory.edit-cabinet', target: cabinet.name, detail: `${renamed(edit.original, cabinet.name)}${feedNote}${describeCabinet(cabinet)}` }
  }
}

function removeCabinet(site: Site, edit: Extract<InventoryEdit, { action: 'remove-cabinet' }>): EditOutcome {
  const what = `Cabinet ${edit.name} not removed`
  if (!site.cabinets.some((c) => c.name === edit.name)) return refuse('not-found', what, [{ field: '', message: `no cabinet named ${edit.name}` }])
  const here = site.devices.filter((d) => d.cabinet === edit.name)
  let devices = site.devices
  let moved = ''
  if (here.length > 0 && edit.moveDevicesTo === undefined)
    return refuse('in-use', what, [{ field: '', message: `it holds ${plural(here.length, 'device')} (${listNames(here.map((d) => d.name))}): move them to another cabinet or remove them first` }])
  if (here.length > 0 && edit.moveDevicesTo !== undefined) {
    const to = edit.moveDevicesTo
    if (to === edit.name) return refuse('invalid', what, [{ field: 'moveDevicesTo', message: 'the devices cannot move into the cabinet being removed' }])
    if (!site.cabinets.some((c) => c.name === to)) return refuse('not-found', what, [{ field: 'moveDevicesTo', message: `no cabinet named ${to}` }])
    const plan = relocateDevices(site, edit.name, to)
    if (!plan.ok) return refuse('in-use', what, [{ field: 'moveDevicesTo', message: `${to} has no room for ${listNames(plan.unplaced)}` }])
    devices = plan.site.devices
    moved = `; moved ${plan.moves.map((m) => `${m.device} → ${describePlacement(m.to)}${m.to.feeds.join('+') === m.from.feeds.join('+') ? '' : ` (feeds ${m.to.feeds.join('+') || 'none'})`}`).join(', ')}`
  }
  const next: Site = { ...site, cabinets: site.cabinets.filter((c) => c.name !== edit.name), devices }
  const issues = checkSite(next)
  if (issues.length > 0) return refuse('invalid', what, issues.map((i) => ({ field: '', message: `${formatSitePath(i.path)}: ${i.message}` })))
  return { ok: true, site: next, audit: { action: 'inventory.remove-cabinet', target: edit.name, detail: `${plural(here.length, 'device')}${moved}` } }
}

function saveModel(site: Site, edit: Extract<InventoryEdit, { action: 'save-model' }>): EditOutcome {
  const what = edit.original === undefined ? 'Model not added' : `Model ${edit.original} not saved`
  const parsed = parseEntity(DeviceModelSchema, edit.model)
  if (!parsed.ok) return refuse('invalid', what, parsed.problems)
  const model = parsed.value
  const index = edit.original === undefined ? -1 : site.models.findIndex((m) => m.name === edit.original)
  const previous = site.models[index]
  if (edit.original !== undefined && previous === undefined) return refuse('not-found', what, [{ field: '', message: `no model named ${edit.original}` }])
  if (site.models.some((m, i) => m.name === model.name && i !== index)) return refuse('conflict', what, [{ field: 'name', message: `a model named ${model.name} already exists` }])
  const models = previous === undefined ? [...site.models, model] : site.models.map((m, i) => (i === index ? model : m))
  const devices = site.devices.map((d) => (previous !== undefined && d.model === previous.name ? { ...d, model: model.name } : d))
  const next: Site = { ...site, models, devices }
  const issues = siteProblems(next, 'models', previous === undefined ? models.length - 1 : index)
  if (issues.length > 0) return refuse('invalid', what, issues)
  const users = previous === undefined ? 0 : site.devices.filter((d) => d.model === previous.name).length
  return {
    ok: true,
    site: next,
    audit: {
      action: previous === undefined ? 'inventory.add-model' : 'inventory.edit-model',
      target: model.name,
      detail: `${renamed(edit.original, model.name)}${describeModel(model)}${users > 0 ? `; used by ${plural(users, 'device')}` : ''}`
    }
  }
}

function removeModel(site: Site, edit: Extract<InventoryEdit, { action: 'remove-model' }>): EditOutcome {
  const what = `Model ${edit.name} not removed`
  if (!site.models.some((m) => m.name === edit.name)) return refuse('not-found', what, [{ field: '', message: `no model named ${edit.name}` }])
  const users = site.devices.filter((d) => d.model === edit.name).map((d) => d.name)
  if (users.length > 0)
    return refuse('in-use', what, [{ field: '', message: `${plural(users.length, 'device')} use it (${listNames(users)}): give them another model or remove them first` }])
  return { ok: true, site: { ...site, models: site.models.filter((m) => m.name !== edit.name) }, audit: { action: 'inventory.remove-model', target: edit.name, detail: 'no device used it' } }
}

function saveDevice(site: Site, edit: Extract<InventoryEdit, { action: 'save-device' }>): EditOutcome {
  const what = edit.original === undefined ? 'Device not added' : `Device ${edit.original} not saved`
  const parsed = parseEntity(DeviceSchema, edit.device)
  if (!parsed.ok) return refuse('invalid', what, parsed.problems)
  const device = parsed.value
  const index = edit.original === undefined ? -1 : site.devices.findIndex((d) => d.name === edit.original)
  const previous = site.devices[index]
  if (edit.original !== undefined && previous === undefined) return refuse('not-found', what, [{ field: '', message: `no device named ${edit.original}` }])
  if (site.devices.some((d, i) => d.name === device.name && i !== index)) return refuse('conflict', what, [{ field: 'name', message: `a device named ${device.name} already exists` }])

  // The device's own references are checked here, so each problem lands on its field even when
  // the site rules would blame another device listed after it.
  const problems: EditProblem[] = []
  const model = site.models.find((m) => m.name === device.model)
  const cabinet = site.cabinets.find((c) => c.name === device.cabinet)
  if (model === undefined) problems.push({ field: 'model', message: `no model named ${device.model}` })
  if (cabinet === undefined) problems.push({ field: 'cabinet', message: `no cabinet named ${device.cabinet}` })
  if (cabinet !== undefined)
    for (const feed of device.feeds)
      if (!cabinet.feeds.some((f) => f.name === feed)) problems.push({ field: 'feeds', message: `${cabinet.name} has no feed ${feed} (it has ${cabinet.feeds.map((f) => f.name).join(', ')})` })
  if (device.host !== undefined) {
    const other = site.devices.find((d, i) => d.host === device.host && i !== index)
    if (!site.hosts.some((h) => h.name === device.host)) problems.push({ field: 'host', message: `no host named ${device.host}` })
    else if (other !== undefined) problems.push({ field: 'host', message: `host ${device.host} already runs on ${other.name}` })
  }
  if (model !== undefined && cabinet !== undefined) {
    const problem = findCollision(site, { name: previous?.name ?? device.name, model: device.model }, device)
    if (problem !== null) problems.push({ field: 'positionU', message: problem.reason })
  }
  if (problems.length > 0) return refuse('invalid', what, problems)

  const devices = previous === undefined ? [...site.devices, device] : site.devices.map((d, i) => (i === index ? device : d))
  const next: Site = { ...site, devices }
  const issues = siteProblems(next, 'devices', previous === undefined ? devices.length - 1 : index)
  if (issues.length > 0) return refuse('invalid', what, issues)
  return {
    ok: true,
    site: next,
    audit: { action: previous === undefined ? 'inventory.add-device' : 'inventory.edit-device', target: device.name, detail: `${renamed(edit.original, device.name)}${describeDevice(device, model?.heightU ?? 1)}` }
  }
}

function removeDevice(site: Site, edit: Extract<InventoryEdit, { action: 'remove-device' }>): EditOutcome {
  const device = site.devices.find((d) => d.name === edit.name)
  if (device === undefined) return refuse('not-found', `Device ${edit.name} not removed`, [{ field: '', message: `no device named ${edit.name}` }])
  const heightU = site.models.find((m) => m.name === device.model)?.heightU ?? 1
  return {
    ok: true,
    site: { ...site, devices: site.devices.filter((d) => d.name !== edit.name) },
    audit: { action: 'inventory.remove-device', target: edit.name, detail: `was ${describeDevice(device, heightU)}` }
  }
}

/** The site after `edit`, or why the edit is refused; `site` itself is never changed. */
export function applyInventoryEdit(site: Site, edit: InventoryEdit): EditOutcome {
  switch (edit.action) {
    case 'save-cabinet':
      return saveCabinet(site, edit)
    case 'remove-cabinet':
      return removeCabinet(site, edit)
    case 'save-model':
      return saveModel(site, edit)
    case 'remove-model':
      return removeModel(site, edit)
    case 'save-device':
      return saveDevice(site, edit)
    case 'remove-device':
      return removeDevice(site, edit)
  }
}
