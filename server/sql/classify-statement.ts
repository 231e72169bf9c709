/**
 * Decides whether user SQL is one read-only statement, with DuckDB's own parser rather than
 * patterns over the text: json_serialize_sql serializes SELECT statements only (SELECT, WITH,
 * VALUES, PIVOT with an IN list, DESCRIBE, SUMMARIZE, SHOW) and answers an error for anything
 * else; extractStatements counts the statements. EXPLAIN is the one non-SELECT statement allowed,
 * and only of a statement that itself passes this check.
 */
import { StatementType, type DuckDBConnection } from '@duckdb/node-api'
import { locateDuckDbMessage, positionOfOffset } from './error-position.ts'
import { SqlError } from './sql-errors.ts'

const ALLOWED = 'SELECT, WITH, PIVOT, DESCRIBE, SUMMARIZE or EXPLAIN'

interface Serialized {
  error?: boolean
  error_type?: string
  error_message?: string
  position?: string
  statements?: unknown[]
}

export async function assertReadOnlyStatement(connection: DuckDBConnection, sql: string): Promise<void> {
  const serialized = await serialize(connection, sql)
  if (serialized.error === true && serialized.error_type === 'parser') {
    const position = serialized.position === undefined ? {} : positionOfOffset(sql, Number(serialized.position))
    throw new SqlError('invalid_sql', `Parser Error: ${serialized.error_message ?? 'the query could not be parsed'}`, position)
  }
  const count = await statementCount(connection, sql)
  if (count === 0) throw new SqlError('invalid_sql', 'the query is empty')
  if (count !== 1) throw new SqlError('multiple_statements', `expected exactly one SQL statement, got ${count} (a PIVOT without an IN list counts as two: list its values)`)
  if (serialized.error !== true) return
  const type = await preparedType(connection, sql)
  if (type === StatementType.EXPLAIN) return assertExplainOfSelect(connection, sql)
  // PRAGMA prepares as a SELECT, so name the type only when it says something.
  const got = type === undefined || type === StatementType.SELECT ? '' : ` (got ${StatementType[type]})`
  throw new SqlError('not_read_only', `only read-only queries are allowed here: ${ALLOWED}${got}`)
}

async function serialize(connection: DuckDBConnection, sql: string): Promise<Serialized> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql])
  return JSON.parse(String(reader.getRows()[0]?.[0])) as Serialized
}

async function statementCount(connection: DuckDBConnection, sql: string): Promise<number> {
  try {
    return (await connection.extractStatements(sql)).count
  } catch (error) {
    const raw = (error as Error).message.replace(/^Failed to extract statements: /, '')
    const located = locateDuckDbMessage(sql, raw)
    throw new SqlError('invalid_sql', located.message, located, { cause: error })
  }
}

/** The statement's type as DuckDB prepares it, or undefined when it does not even prepare. */
async function preparedType(connection: DuckDBConnection, sql: string): Promise<StatementType | undefined> {
  try {
    const prepared = await (await connection.extractStatements(sql)).prepare(0)
    const type = prepared.statementType
    prepared.destroySync()
    return type
  } catch {
    // Writes against the catalog's views fail to bind; they are refused just the same.
    return undefined
  }
}

/**
 * The parser said EXPLAIN; what it explains is the text after the EXPLAIN keyword and its
 * options, which must serialize as a SELECT. Anything the peeling does not understand (say a
 * comment between the keywords) fails closed.
 */
async function assertExplainOfSelect(connection: DuckDBConnection, sql: string): Promise<void> {
  const inner = /^\s*explain\s+(?:analyze\s+)?(?:\([^)]*\)\s*)?([\s\S]*)$/i.exec(sql)?.[1]
  const serialized = inner === undefined ? undefined : await serialize(connection, inner)
  if (serialized !== undefined && serialized.error !== true) return
  throw new SqlError('not_read_only', `only read-only queries are allowed here: ${ALLOWED}; EXPLAIN only of a SELECT`)
}
