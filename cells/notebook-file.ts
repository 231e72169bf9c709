/**
 * Reading the notebook file, the format pinned by issue 13 (docs/notebooks.md): a Markdown file
 * whose text outside fences is markdown cells and whose fences with the info string
 * `sql NAME`, `plot NAME`, `input NAME` or `live NAME` are cells (plot, input and live bodies
 * are JSON). Other fences (```js, ~~~) belong to the markdown around them.
 *
 * Every cell keeps the bytes it came from (markdown text verbatim; a fenced cell's `source`), so
 * ./notebook-file-format.ts gives back the same file. Blank lines between two fenced cells are
 * kept with the cell before them rather than made into an empty markdown cell. A file that
 * cannot be read is refused whole, with a NotebookFileError naming the line and the reason.
 */
import type { Cell, NamedCell, Notebook } from './cell.ts'
import { namesOf } from './cell.ts'
import { bodyValue, specSchemaOf, type FencedKind } from './cell-body.ts'
import { isCellName } from './cell-name.ts'
import { NotebookFileError } from './errors.ts'
import { describeFieldErrors } from './field-errors.ts'
import { jsonErrorOffset } from './json-error-offset.ts'
import { readRawCells, type RawFence } from './raw-cells.ts'

export function parseNotebookFile(text: string): Notebook {
  const cells: Cell[] = []
  const names = new Set<string>()
  for (const piece of readRawCells(text)) {
    if (piece.type === 'text') {
      if (piece.issue) throw new NotebookFileError(piece.issue.line, piece.issue.reason)
      const last = cells.at(-1)
      // Blank lines between two cells stay with the cell above rather than make an empty markdown cell.
      if (piece.raw.trim() === '' && last !== undefined && last.kind !== 'markdown' && last.source !== undefined) last.source.close += piece.raw
      else cells.push({ kind: 'markdown', text: piece.raw })
      continue
    }
    const cell = fencedCell(piece)
    for (const name of namesOf(cell)) {
      if (names.has(name)) throw new NotebookFileError(piece.line, `the name ${name} is used twice`)
      names.add(name)
    }
    cells.push(cell)
  }
  return { cells }
}

function fencedCell(piece: RawFence): NamedCell {
  const { kind, line } = piece
  if (piece.close === undefined) throw new NotebookFileError(line, `the fence ${piece.fence} opened here is never closed`)
  const [, name, ...extra] = piece.info.trim().split(/[ \t]+/)
  if (name === undefined) throw new NotebookFileError(line, `a ${kind} cell needs a name: \`\`\`${kind} NAME`)
  if (!isCellName(name)) throw new NotebookFileError(line, `invalid cell name ${name}: lowercase letters, digits and _, not starting with a digit`)
  if (extra.length > 0) throw new NotebookFileError(line, `unexpected text after the cell name ${name}: ${extra.join(' ')}`)
  const source = { open: piece.open, body: piece.body, close: piece.close }
  if (kind === 'sql') return { kind, name, sql: bodyValue('sql', piece.body) as string, source }
  const spec = parseSpec(kind, name, piece.body, line + 1)
  return { kind, name, spec, source } as NamedCell
}

function parseSpec(kind: Exclude<FencedKind, 'sql'>, name: string, body: string, firstLine: number): unknown {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    throw new NotebookFileError(firstLine + jsonErrorLine(body), `${kind} ${name}: invalid JSON: ${error.message}`)
  }
  const parsed = specSchemaOf(kind).safeParse(json)
  if (!parsed.success) throw new NotebookFileError(firstLine, `${kind} ${name}: invalid spec: ${describeFieldErrors(parsed.error)}`)
  return parsed.data
}

/** Lines into `body` where the JSON goes wrong. */
function jsonErrorLine(body: string): number {
  const offset = jsonErrorOffset(body) ?? 0
  return body.slice(0, offset).split('\n').length - 1
}
