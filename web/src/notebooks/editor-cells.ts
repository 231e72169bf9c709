/**
 * The notebook as the editor holds it: cells with their raw text (SQL, the JSON of a plot or
 * input spec, markdown), so a half-typed spec is never lost, and the file they make. The
 * notebook file format is pinned in issue 13 and docs/notebooks.md: text outside fences is
 * markdown, a fence whose info string is `KIND NAME` is a cell. cells/ owns the full parser
 * (with exact bytes and line-numbered errors); this is the editor's view of the same format.
 */
export const FENCED_KINDS = ['sql', 'plot', 'input', 'live'] as const
export type FencedKind = (typeof FENCED_KINDS)[number]
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
}

let nextKey = 1
export const newKey = (): number => nextKey++

const FENCE_OPEN = /^```(sql|plot|input|live)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*$/

/** A new cell, a blank line apart from the one before (none before the first). */
export function newCell(kind: EditorKind, name: string, body: string, first = false): EditorCell {
  return { key: newKey(), kind, name, body, lead: first ? '' : '\n', trail: '\n' }
}

/**
 * The cells of a notebook file, with the whitespace around them kept: formatCells(parseCells(t))
 * is t for the files cells/ accepts. A fence that never closes runs to the end of the file.
 */
export function parseCells(text: string): EditorCell[] {
  // Lines with their endings, so that every byte lands in exactly one place.
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? []
  const cells: EditorCell[] = []
  let gap = ''
  const pushText = (segment: string) => {
    if (segment.trim() === '') return void (gap += segment)
    const lead = gap + /^\s*/.exec(segment)![0]
    const trail = /\s*$/.exec(segment)![0]
    cells.push({ key: newKey(), kind: 'markdown', name: '', body: segment.trim(), lead, trail })
    gap = ''
  }
  let textLines = ''
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]!.replace(/\r?\n$/, ''))
    if (open === null) {
      textLines += lines[i]!
      continue
    }
    pushText(textLines)
    textLines = ''
    const start = i
    let body = ''
    let close = ''
    for (i++; i < lines.length; i++) {
      if (/^```\r?(\n|$)/.test(lines[i]!)) {
        close = lines[i]!.slice(3)
        break
      }
      body += lines[i]!
    }
    // A fence that never closed gets its closing line when written back.
    const eol = lines[start]!.endsWith('\r\n') ? '\r\n' : '\n'
    cells.push({ key: newKey(), kind: open[1] as FencedKind, name: open[2]!, body: body.replace(/\r?\n$/, ''), lead: gap, trail: i < lines.length ? close : eol, eol })
    gap = ''
  }
  pushText(textLines)
  // Whitespace after the last cell belongs to it.
  if (gap !== '' && cells.length > 0) cells.at(-1)!.trail += gap
  return cells
}

/** The file of a list of cells: each cell in its place, with the whitespace it was read with. */
export function formatCells(cells: readonly EditorCell[]): string {
  return cells
    .map((cell) => {
      const lead = cell.lead
      if (cell.kind === 'markdown') return `${lead}${cell.body}${cell.trail}`
      const eol = cell.eol ?? '\n'
      const body = cell.body === '' ? '' : `${cell.body.replace(/(\r?\n)+$/, '')}${eol}`
      return `${lead}\`\`\`${cell.kind} ${cell.name}${eol}${body}\`\`\`${cell.trail}`
    })
    .join('')
}

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
      return JSON.stringify({ minutes: 15 })
    case 'markdown':
      return 'Write what this notebook shows and why.'
  }
}
