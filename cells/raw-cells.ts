/**
 * The notebook file cut into its pieces, without judging them: text (markdown, other fences
 * included) and cell fences with their lines as written. One reading serves both sides:
 * ./notebook-file.ts refuses a piece with an `issue` and checks names and specs, and the editor
 * keeps a half-typed spec or an unclosed fence as it is, so nothing typed is lost. Every byte of
 * the file lands in exactly one piece, in order.
 */
import { FENCED_KINDS, type FencedKind } from './cell-body.ts'
import { closesFence, fenceOpen, splitLines, type Line } from './fence.ts'

/** Why the strict reader refuses a piece, at a 1-based line. */
export interface RawIssue {
  line: number
  reason: string
}

/** Text outside cell fences, verbatim: a markdown cell. */
export interface RawText {
  type: 'text'
  raw: string
  /** 1-based line of its first line. */
  line: number
  issue?: RawIssue
}

/** A fence whose info string starts with a cell kind: `sql NAME`, ````plot NAME`, … */
export interface RawFence {
  type: 'fence'
  kind: FencedKind
  /** The info string after the fence, as written (`sql oee`, `sql  a `). */
  info: string
  /** The run of backticks that opened it. */
  fence: string
  /** 1-based line of the opening fence. */
  line: number
  /** The opening line, with its ending. */
  open: string
  /** The lines between the fences, with their endings. */
  body: string
  /** The closing line with its ending; undefined when the fence never closes (the body runs to the end). */
  close: string | undefined
}

export type RawPiece = RawText | RawFence

export function readRawCells(text: string): RawPiece[] {
  const lines = splitLines(text)
  const pieces: RawPiece[] = []
  let textStart = 0
  let raw = ''
  let issue: RawIssue | undefined
  const flushText = (next: number): void => {
    if (raw !== '') pieces.push({ type: 'text', raw, line: textStart + 1, ...(issue && { issue }) })
    raw = ''
    issue = undefined
    textStart = next
  }
  let index = 0
  while (index < lines.length) {
    const open = fenceOpen(lines[index]!.content)
    if (open === undefined) {
      raw += lines[index]!.raw
      index += 1
      continue
    }
    const end = closingLine(lines, index, open.fence)
    const word = open.info.trim().split(/[ \t]+/)[0] ?? ''
    const kind = open.indent === '' && open.fence.startsWith('`') && (FENCED_KINDS as readonly string[]).includes(word) ? (word as FencedKind) : undefined
    if (kind === undefined) {
      if (end === undefined) issue ??= { line: index + 1, reason: `the fence ${open.fence} opened here is never closed` }
      else if (word === 'markdown' && open.indent === '' && open.fence.startsWith('`')) issue ??= { line: index + 1, reason: 'unknown cell kind markdown in a fence: markdown cells are the text outside fences' }
      raw += joinRaw(lines.slice(index, (end ?? lines.length - 1) + 1))
      index = (end ?? lines.length - 1) + 1
      continue
    }
    flushText(index)
    const last = end ?? lines.length
    pieces.push({ type: 'fence', kind, info: open.info, fence: open.fence, line: index + 1, open: lines[index]!.raw, body: joinRaw(lines.slice(index + 1, last)), close: end === undefined ? undefined : lines[end]!.raw })
    index = last + 1
    textStart = index
  }
  flushText(index)
  return pieces
}

/** The index of the line closing the fence opened at `index`, if one does. */
function closingLine(lines: Line[], index: number, fence: string): number | undefined {
  for (let at = index + 1; at < lines.length; at += 1) if (closesFence(lines[at]!.content, fence)) return at
  return undefined
}

function joinRaw(lines: Line[]): string {
  return lines.map((line) => line.raw).join('')
}
