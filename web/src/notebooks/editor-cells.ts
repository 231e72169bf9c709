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
  /** The cell's text: SQL, JSON, or markdown. */
  body: string
}

let nextKey = 1
export const newKey = (): number => nextKey++

const FENCE_OPEN = /^```(sql|plot|input|live)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*$/

/** The cells of a notebook file. A fence that never closes runs to the end of the file. */
export function parseCells(text: string): EditorCell[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const cells: EditorCell[] = []
  let markdown: string[] = []
  const flushMarkdown = () => {
    const body = markdown.join('\n').trim()
    if (body !== '') cells.push({ key: newKey(), kind: 'markdown', name: '', body })
    markdown = []
  }
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]!)
    if (open === null) {
      markdown.push(lines[i]!)
      continue
    }
    flushMarkdown()
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!)
    cells.push({ key: newKey(), kind: open[1] as FencedKind, name: open[2]!, body: body.join('\n') })
  }
  flushMarkdown()
  return cells
}

/** The file of a list of cells: markdown as written, each other cell in its fence, a blank line between. */
export function formatCells(cells: readonly EditorCell[]): string {
  return `${cells.map((cell) => (cell.kind === 'markdown' ? cell.body.trim() : `\`\`\`${cell.kind} ${cell.name}\n${cell.body.replace(/\n+$/, '')}\n\`\`\``)).join('\n\n')}\n`
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
