/**
 * What the server needs to know of a notebook file without running it: its title (for lists
 * and search) and its cells by name (for the "what changed" of a version). The file format
 * itself belongs to cells/ (`parseNotebookFile`); this reads only fences and the first heading,
 * so a version summary never depends on the file being valid.
 */
export interface OutlineCell {
  /** `sql NAME` etc.: the fence's info string. */
  info: string
  name: string
  body: string
}

export interface NotebookOutline {
  title: string
  cells: OutlineCell[]
}

export const UNTITLED = 'Untitled notebook'

export function notebookOutline(text: string): NotebookOutline {
  const lines = text.split(/\r?\n/)
  let title: string | undefined
  const cells: OutlineCell[] = []
  let markdown: string[] = []
  let open: { fence: string; info: string; body: string[] } | undefined
  const flushMarkdown = (): void => {
    const body = markdown.join('\n').trim()
    if (body !== '') cells.push({ info: 'markdown', name: `markdown ${cells.filter((c) => c.info === 'markdown').length + 1}`, body })
    markdown = []
  }
  for (const line of lines) {
    if (open !== undefined) {
      if (line.trimEnd() === open.fence) {
        const [, name = ''] = open.info.split(/\s+/)
        cells.push({ info: open.info, name, body: open.body.join('\n') })
        open = undefined
      } else open.body.push(line)
      continue
    }
    const fence = line.match(/^(`{3,})\s*(\S.*)?$/)
    if (fence !== null) {
      flushMarkdown()
      open = { fence: fence[1]!, info: (fence[2] ?? '').trim(), body: [] }
      continue
    }
    if (title === undefined && line.startsWith('# ')) title = line.slice(2).trim()
    markdown.push(line)
  }
  flushMarkdown()
  return { title: title === undefined || title === '' ? UNTITLED : title, cells }
}
