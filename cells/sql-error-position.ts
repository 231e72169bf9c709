/**
 * Turns where DuckDB says an error is — a character offset (parser errors) or a "LINE n:" excerpt
 * with a caret under the spot (binder and catalog errors) — into a 1-based line and column of
 * the query text, and the message without the excerpt. Pure: the server's SQL service and the
 * browser's duckdb-wasm read DuckDB's messages the same way.
 */

/** 1-based line and column of the query text DuckDB points at. */
export interface SqlErrorPosition {
  line?: number
  column?: number
}

export interface LocatedMessage extends SqlErrorPosition {
  message: string
}

/** Line and column of a 0-based character offset into `sql`. */
export function positionOfOffset(sql: string, offset: number): SqlErrorPosition {
  if (!Number.isInteger(offset) || offset < 0 || offset > sql.length) return {}
  const before = sql.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - (before.lastIndexOf('\n') + 1) + 1
  return { line, column }
}

/** DuckDB's message split into its text and the position its "LINE n:" excerpt points at. */
export function locateDuckDbMessage(sql: string, raw: string): LocatedMessage {
  const lines = raw.split('\n')
  const at = lines.findIndex((line) => /^LINE \d+: /.test(line))
  if (at < 0) return { message: raw.trim() }
  const message = lines.slice(0, at).join('\n').trim()
  const header = /^LINE (\d+): /.exec(lines[at]!)!
  const lineNumber = Number(header[1])
  const caret = lines[at + 1]?.indexOf('^') ?? -1
  const shown = lines[at]!.slice(header[0].length)
  const sqlLine = sql.split('\n')[lineNumber - 1]
  if (caret < 0 || sqlLine === undefined) return { message, line: lineNumber }
  const caretInShown = caret - header[0].length
  // DuckDB cuts long lines and marks the cut with "..."; find the excerpt in the real line.
  const elided = shown.startsWith('...') ? 3 : 0
  const excerpt = shown.slice(elided).replace(/\.\.\.$/, '')
  const start = sqlLine.indexOf(excerpt.slice(0, Math.min(excerpt.length, 40)))
  if (start < 0) return { message, line: lineNumber }
  return { message, line: lineNumber, column: start + (caretInShown - elided) + 1 }
}
