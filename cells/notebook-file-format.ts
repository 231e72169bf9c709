/**
 * Writing the notebook file (the format of ./notebook-file.ts). A cell read from a file and not
 * changed since is written back from its `source`, byte for byte; a changed value gets a fresh
 * body (SQL as is, a spec as one line of JSON), and a renamed or new cell a fresh fence, long
 * enough that nothing in the body closes it. Fresh lines end like the rest of the file.
 */
import type { Cell, NamedCell, Notebook } from './cell.ts'
import { bodyValue, cellValue, formatBody, sameValue } from './cell-body.ts'
import { fenceOpen, safeFence, splitLines } from './fence.ts'

export interface FormatOptions {
  /** Line ending of fresh lines; by default the file's own (from its cells), else `\n`. */
  eol?: '\n' | '\r\n'
}

export function formatNotebookFile(notebook: Notebook, options: FormatOptions = {}): string {
  const eol = options.eol ?? detectEol(notebook.cells)
  let out = ''
  for (const cell of notebook.cells) {
    // Each cell starts a line: end the text before it where it does not.
    if (out !== '' && !out.endsWith('\n')) out += eol
    out += cell.kind === 'markdown' ? cell.text : formatFencedCell(cell, eol)
  }
  return out
}

function formatFencedCell(cell: NamedCell, eol: string): string {
  const source = cell.source
  const keepBody = source !== undefined && sameValue(bodyValue(cell.kind, source.body), cellValue(cell))
  const body = keepBody ? source.body : formatBody(cell, eol)
  if (source !== undefined) {
    const open = fenceOpen(source.open.replace(/\r?\n$/, ''))
    const [kind, name] = (open?.info ?? '').trim().split(/[ \t]+/)
    if (open !== undefined && kind === cell.kind && name === cell.name && safeFence(body, open.fence) === open.fence) {
      return source.open + body + source.close
    }
  }
  const fence = safeFence(body)
  // The blank lines that followed the old closing fence stay after the new one.
  const after = source === undefined ? '' : splitLines(source.close).slice(1).map((line) => line.raw).join('')
  return `${fence}${cell.kind} ${cell.name}${eol}${body}${fence}${eol}${after}`
}

function detectEol(cells: readonly Cell[]): '\n' | '\r\n' {
  for (const cell of cells) {
    const text = cell.kind === 'markdown' ? cell.text : cell.source?.open
    if (text?.includes('\n')) return text.includes('\r\n') ? '\r\n' : '\n'
  }
  return '\n'
}
