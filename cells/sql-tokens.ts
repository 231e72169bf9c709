/**
 * A small SQL lexer: it tells words from strings, quoted identifiers, comments and `$name`
 * parameters, with the positions of each, so a rename or a composition can change a token
 * without touching the same letters inside a string or a comment. It only tokenises; which
 * words are references to cells is DuckDB's parser's call, through the SqlReferencePort.
 * It follows DuckDB's lexical rules: '' inside strings, "" inside quoted identifiers, E'…' with
 * backslash escapes, $tag$…$tag$ strings, -- and /* *\/ comments.
 */

export type SqlTokenType = 'word' | 'quoted' | 'string' | 'parameter' | 'comment' | 'space' | 'number' | 'symbol'

export interface SqlToken {
  type: SqlTokenType
  text: string
  /** Offset of the token's first character in the SQL. */
  start: number
}

const WORD_START = /[\p{L}_]/u
const WORD_PART = /[\p{L}\p{N}_$]/u

export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = []
  let at = 0
  const push = (type: SqlTokenType, end: number): void => {
    tokens.push({ type, text: sql.slice(at, end), start: at })
    at = end
  }
  while (at < sql.length) {
    const char = sql[at]!
    const next = sql[at + 1] ?? ''
    if (/\s/.test(char)) push('space', scanWhile(sql, at, (c) => /\s/.test(c)))
    else if (char === '-' && next === '-') push('comment', endOf(sql, '\n', at + 2, false))
    else if (char === '/' && next === '*') push('comment', endOf(sql, '*/', at + 2, true))
    else if (char === "'") push('string', quotedEnd(sql, at, "'"))
    else if ((char === 'e' || char === 'E') && next === "'") push('string', backslashQuotedEnd(sql, at + 1))
    else if (char === '"') push('quoted', quotedEnd(sql, at, '"'))
    else if (char === '$') {
      const tag = /^\$([\p{L}_][\p{L}\p{N}_]*)?\$/u.exec(sql.slice(at))
      if (tag !== null) push('string', endOf(sql, tag[0], at + tag[0].length, true))
      else if (WORD_START.test(next) || /[0-9]/.test(next)) push('parameter', scanWhile(sql, at + 1, (c) => /[\p{L}\p{N}_]/u.test(c)))
      else push('symbol', at + 1)
    } else if (WORD_START.test(char)) push('word', scanWhile(sql, at, (c) => WORD_PART.test(c)))
    else if (/[0-9]/.test(char)) push('number', scanWhile(sql, at, (c) => /[0-9._eE]/.test(c)))
    else push('symbol', at + 1)
  }
  return tokens
}

/** The identifier a word or quoted token names, as DuckDB compares it (case-insensitively). */
export function identifierOf(token: SqlToken): string | undefined {
  if (token.type === 'word') return token.text.toLowerCase()
  if (token.type === 'quoted') return token.text.slice(1, -1).replaceAll('""', '"').toLowerCase()
  return undefined
}

/** The tokens that are neither space nor comment. */
export function significant(tokens: readonly SqlToken[]): SqlToken[] {
  return tokens.filter((token) => token.type !== 'space' && token.type !== 'comment')
}

function scanWhile(sql: string, from: number, test: (char: string) => boolean): number {
  let at = from
  while (at < sql.length && test(sql[at]!)) at += 1
  return at
}

/** Just past `close` from `from`; an unclosed token runs to the end (DuckDB will report it). */
function endOf(sql: string, close: string, from: number, includeClose: boolean): number {
  const found = sql.indexOf(close, from)
  if (found === -1) return sql.length
  return includeClose ? found + close.length : found
}

/** Past a quote opened at `from`, a doubled quote standing for itself. */
function quotedEnd(sql: string, from: number, quote: string): number {
  let at = from + 1
  while (at < sql.length) {
    if (sql[at] === quote) {
      if (sql[at + 1] === quote) at += 2
      else return at + 1
    } else at += 1
  }
  return sql.length
}

function backslashQuotedEnd(sql: string, quoteAt: number): number {
  let at = quoteAt + 1
  while (at < sql.length) {
    if (sql[at] === '\\') at += 2
    else if (sql[at] === "'") {
      if (sql[at + 1] === "'") at += 2
      else return at + 1
    } else at += 1
  }
  return sql.length
}
