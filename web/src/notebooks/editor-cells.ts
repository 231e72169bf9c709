/**
 * The notebook as the editor holds it: cells with their raw text (SQL, the JSON of a plot or
 * input spec, markdown), so a half-typed spec is never lost, and the file they make. The
 * notebook file format is pinned in issue 13 and docs/notebooks.md: text outside fences is
 * markdown, a fence whose info string is `KIND NAME` is a cell. cells/ cuts the file into
 * pieces for both the server's strict reader and this one, so they never disagree on a cell.
 */
import { readRawCells, safeFence, withoutFinalLineEnding, type FencedKind, type RawFence } from '../../../cells/index.ts'

export type EditorKind = FencedKind | 'markdown'

export interface EditorCell {
  /** Stable for the editor's lifetime (list keys, focus); not saved. */
  key: number
  kind: EditorKind
  /** Empty for markdown cells, which have no name. */
  name: string
  /** The cell's text: SQL, JSON, or markdown (without its surrounding blank lines). */
  body: string
  /** The file's exact whitespace before the cell, so that saving an edit leaves the rest of the file's bytes alone. */
  lead: string
  /** After the cell: a markdown cell's trailing whitespace, a fenced cell's line ending after its closing fence. */
  trail: string
  /** A fenced cell's line ending (`\r\n` in a file written on Windows). */
  eol?: string
  /** A fenced cell as read from the file, so an unchanged cell is written back byte for byte. */
  origin?: { fence: string; open: string; body: string; close: string | undefined }
}

let nextKey = 1
export const newKey = (): number => nextKey++

/** A new cell, a blank line apart from the one before (none before the first). */
export function newCell(kind: EditorKind, name: string, body: string, first = false): EditorCell {
  return { key: newKey(), kind, name, body, lead: first ? '' : '\n', trail: '\n' }
}

/**
 * The cells of a notebook file, with the whitespace around them kept: formatCells(parseCells(t))
 * is t for the files cells/ accepts. cells/ cuts the file (readRawCells), so the editor and the
 * server agree on where a cell is; unlike the server, the editor keeps what it would refuse (a
 * fence that never closes runs to the end of the file, a half-typed spec is text to finish).
 */
export function parseCells(text: string): EditorCell[] {
  const cells: EditorCell[] = []
  let gap = ''
  for (const piece of readRawCells(text)) {
    if (piece.type === 'text') {
      if (piece.raw.trim() === '') {
        gap += piece.raw
        continue
      }
      cells.push({ key: newKey(), kind: 'markdown', name: '', body: piece.raw.trim(), lead: gap + /^\s*/.exec(piece.raw)![0], trail: /\s*$/.exec(piece.raw)![0] })
    } else cells.push(fencedCell(piece, gap))
    gap = ''
  }
  // Whitespace after the last cell belongs to it; a file of only whitespace is one empty text.
  if (gap !== '' && cells.length > 0) cells.at(-1)!.trail += gap
  else if (gap !== '') cells.push({ key: newKey(), kind: 'markdown', name: '', body: '', lead: gap, trail: '' })
  return cells
}

function fencedCell(piece: RawFence, lead: string): EditorCell {
  const eol = /\r?\n$/.exec(piece.open)?.[0] ?? '\n'
  const close = piece.close === undefined ? undefined : withoutFinalLineEnding(piece.close)
  const origin = { fence: piece.fence, open: withoutFinalLineEnding(piece.open), body: piece.body, close }
  // A fence that never closed gets its closing line (and line ending) when written back.
  const trail = piece.close === undefined ? eol : piece.close.slice(close!.length)
  const name = piece.info.trim().split(/[ \t]+/)[1] ?? ''
  return { key: newKey(), kind: piece.kind, name, body: withoutFinalLineEnding(piece.body), lead, trail, eol, origin }
}

/** The file of a list of cells: each cell in its place, with the whitespace it was read with. */
export function formatCells(cells: readonly EditorCell[]): string {
  return cells.map((cell) => (cell.kind === 'markdown' ? `${cell.lead}${cell.body}${cell.trail}` : `${cell.lead}${formatFence(cell)}${cell.trail}`)).join('')
}

/** A fenced cell from its opening line to its closing fence: as read where unchanged, else fresh. */
function formatFence(cell: EditorCell): string {
  const eol = cell.eol ?? '\n'
  const origin = cell.origin
  const body = origin !== undefined && cell.body === withoutFinalLineEnding(origin.body) ? origin.body : cell.body === '' ? '' : `${cell.body.replace(/(\r?\n)+$/, '')}${eol}`
  const fence = safeFence(body, origin?.fence)
  const sameHead = origin !== undefined && fence === origin.fence && sameWords(origin.open.slice(fence.length), `${cell.kind} ${cell.name}`)
  const open = sameHead ? origin.open : `${fence}${cell.kind} ${cell.name}`
  const close = sameHead && origin.close !== undefined ? origin.close : fence
  return `${open}${eol}${body}${close}`
}

const sameWords = (a: string, b: string): boolean => a.trim().split(/[ \t]+/).join(' ') === b

/** The notebook's title: its first `# ` heading, as the server lists it. */
export function titleOf(cells: readonly EditorCell[]): string | undefined {
  for (const cell of cells) {
    if (cell.kind !== 'markdown') continue
    const heading = /^# +(.+)$/m.exec(cell.body)
    if (heading) return heading[1]!.trim()
  }
  return undefined
}

/** A name no cell has yet: `query_1`, `query_2`, … */
export function freshName(cells: readonly EditorCell[], stem: string): string {
  const taken = new Set(cells.map((cell) => cell.name))
  for (let n = 1; ; n++) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`
}

/** What a new cell of each kind starts with. */
export function starterBody(kind: EditorKind, cells: readonly EditorCell[]): string {
  const lastSql = [...cells].reverse().find((cell) => cell.kind === 'sql')?.name
  switch (kind) {
    case 'sql':
      return 'select machine_id, day, oee\nfrom kpi.machine_daily\norder by day'
    case 'plot':
      return JSON.stringify({ data: lastSql ?? 'query_1', marks: [{ type: 'lineY', x: 'day', y: 'oee', stroke: 'machine_id', tip: true }] }, null, 2)
    case 'input':
      return JSON.stringify({ type: 'date', label: 'From', default: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10) })
    case 'live':
      return JSON.stringify({ spanMinutes: 15 })
    case 'markdown':
      return 'Write what this notebook shows and why.'
  }
}
