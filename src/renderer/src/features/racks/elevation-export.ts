// A cabinet elevation as a file: the same pure drawing the view shows, rendered to an SVG string
// (its print colours are presentation attributes, so it reads on its own), and that SVG drawn
// into a canvas for a PNG. The server renderer is loaded on first export, not at start-up.
import { createElement } from 'react'
import type { Site } from '../../../../shared/model'
import { CabinetElevation } from './cabinet-elevation'
import { layoutElevation } from './elevation-layout'

export type ExportFormat = 'svg' | 'png'

/** The typed failure of an export, shown as is. */
export class ExportError extends Error {
  override name = 'ExportError'
  constructor(
    readonly kind: 'image-decode' | 'canvas' | 'unknown-cabinet',
    message: string
  ) {
    super(message)
  }
}

/** Text safe in a file name on every platform: "Demo cage / 2" → "Demo-cage-2". */
function slug(text: string): string {
  return text
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

function siteSlug(siteName: string): string {
  const site = slug(siteName).toLowerCase()
  return site === '' ? 'site' : site
}

/** "demo-colocation-cage-R01-elevation.svg" */
export function exportFileName(siteName: string, cabinetName: string, format: ExportFormat): string {
  return `${siteSlug(siteName)}-${slug(cabinetName) || 'cabinet'}-elevation.${format}`
}

/** "demo-colocation-cage-cabinets.pdf": the printed sheets of every cabinet. */
export function sheetsFileName(siteName: string): string {
  return `${siteSlug(siteName)}-cabinets.pdf`
}

export interface ElevationSvg {
  text: string
  widthPx: number
  heightPx: number
}

/** The elevation of one cabinet as a standalone SVG document. Throws ExportError for an unknown cabinet. */
export async function elevationSvg(site: Site, cabinetName: string): Promise<ElevationSvg> {
  const cabinet = site.cabinets.find((c) => c.name === cabinetName)
  if (cabinet === undefined) throw new ExportError('unknown-cabinet', `no cabinet named ${cabinetName}`)
  const { renderToStaticMarkup } = await import('react-dom/server')
  const devices = site.devices.filter((d) => d.cabinet === cabinet.name)
  const markup = renderToStaticMarkup(
    createElement(CabinetElevation, {
      cabinet,
      devices,
      models: site.models,
      title: `${cabinet.name} — ${site.site.name} — front and rear elevation, ${cabinet.heightU} U`
    })
  )
  const layout = layoutElevation(cabinet, devices, site.models)
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${markup}\n`, widthPx: layout.widthPx, heightPx: layout.heightPx }
}

/** Draws an SVG into a white canvas at `scale` device pixels per CSS pixel and encodes it as PNG. */
export async function svgToPng(svg: ElevationSvg, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }))
  try {
    const image = new Image()
    image.src = url
    try {
      await image.decode()
    } catch (error) {
      throw new ExportError('image-decode', `the browser could not draw the SVG: ${(error as Error).message}`)
    }
    const canvas = document.createElement('canvas')
    canvas.width = Math.ceil(svg.widthPx * scale)
    canvas.height = Math.ceil(svg.heightPx * scale)
    const context = canvas.getContext('2d')
    if (context === null) throw new ExportError('canvas', 'no 2D canvas is available to draw the PNG')
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.drawImage(image, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob === null ? reject(new ExportError('canvas', 'the canvas produced no PNG')) : resolve(blob)), 'image/png')
    )
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** Hands a blob to the browser's (or Electron's) download handling under `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The download has its own reference by now; revoking later keeps slow handlers safe.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Exports one cabinet's elevation in `format` and starts the download. */
export async function exportElevation(site: Site, cabinetName: string, format: ExportFormat): Promise<string> {
  const svg = await elevationSvg(site, cabinetName)
  const fileName = exportFileName(site.site.name, cabinetName, format)
  const blob = format === 'svg' ? new Blob([svg.text], { type: 'image/svg+xml' }) : await svgToPng(svg)
  downloadBlob(blob, fileName)
  return fileName
}
