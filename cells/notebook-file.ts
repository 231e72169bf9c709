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
import { bodyValue, FENCED_KINDS, specSchemaOf, type FencedKind } from './cell-body.ts'
import { isCellName } from './cell-name.ts'
import { NotebookFileError } from './errors.ts'
import { closesFence, fenceOpen, splitLines, type Line } from './fence.ts'
import { describeFieldErrors } from './field-errors.ts'
import { jsonErrorOffset } from './json-error-offset.ts'

export function parseNotebookFile(text: string): Notebook {
  const lines = splitLines(text)
  const cells: Cell[] = []
  const names = new Set<string>()
  let markdown = ''
  const flushMarkdown = (): void => {
    const last = cells.at(-1)
    if (markdown.trim() === '' && last !== undefined && last.kind !== 'markdown' && last.source !== undefined) last.source.close += markdown
    else if (markdown !== '') cells.push({ kind: 'markdown', text: markdown })
    markdown = ''
  }
  let index = 0
  while (index < lines.length) {
    const line = lines[index]!
    const open = fenceOpen(line.content)
    if (open === undefined) {
      markdown += line.raw
      index += 1
      continue
    }
    const end = closingLine(lines, index, open.fence)
    const kind = open.indent === '' && open.fence.startsWith('`') ? cellKindOf(open.info, index + 1) : undefined
    if (kind === undefined) {
      markdown += lines.slice(index, end + 1).map((l) => l.raw).join('')
    } else {
      flushMarkdown()
      const cell = fencedCell(kind, open.info, lines, index, end)
      for (const name of namesOf(cell)) {
        if (names.has(name)) throw new NotebookFileError(index + 1, `the name ${name} is used twice`)
        names.add(name)
      }
      cells.push(cell)
    }
    index = end + 1
  }
  flushMarkdown()
  return { cells }
}

/** The index of the line closing the fence opened at `index`; an unclosed fence is refused. */
function closingLine(lines: Line[], index: number, fence: string): number {
  for (let at = index + 1; at < lines.length; at += 1) if (closesFence(lines[at]!.content, fence)) return at
  throw new NotebookFileError(index + 1, `the fence ${fence} opened here is never closed`)
}

/** The cell kind an info string names, or undefined for a fence that belongs to markdown. */
function cellKindOf(info: string, lineNumber: number): FencedKind | undefined {
  const word = info.trim().split(/[ \t]+/)[0] ?? ''
  if (word === 'markdown') throw new NotebookFileError(lineNumber, 'unknown cell kind markdown in a fence: markdown cells are the text outside fences')
  return (FENCED_KINDS as readonly string[]).includes(word) ? (word as FencedKind) : undefined
}

function fencedCell(kind: FencedKind, info: string, lines: Line[], open: number, close: number): NamedCell {
  const [, name, ...extra] = info.trim().split(/[ \t]+/)
  const at = open + 1
  if (name === undefined) throw new NotebookFileError(at, `a ${kind} cell needs a name: \`\`\`${kind} NAME`)
  if (!isCellName(name)) throw new NotebookFileError(at, `invalid cell name ${name}: lowercase letters, digits and _, not starting with a digit`)
  if (extra.length > 0) throw new NotebookFileError(at, `unexpected text after the cell name ${name}: ${extra.join(' ')}`)
  const body = lines.slice(open + 1, close).map((line) => line.raw).join('')
  const source = { open: lines[open]!.raw, body, close: lines[close]!.raw }
  if (kind === 'sql') return { kind, name, sql: bodyValue('sql', body) as string, source }
  const spec = parseSpec(kind, name, body, at + 1)
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
