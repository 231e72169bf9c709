/**
 * cells/' SqlReferencePort for the editor: DuckDB's own parser (`json_serialize_sql`) read by
 * cells/' `referencesOfTree`, the walk the server uses too. duckdb-wasm parses when its build has
 * the function; the 1.32 builds lack the json extension (loading it would be a download), so the
 * server's DuckDB parses instead — one /api/query for every statement asked in the same tick.
 * Answers are kept by SQL text: an input change or a re-run of unchanged SQL parses nothing.
 */
import { referencesOfTree, type SerializedSql, type SqlReferencePort, type SqlReferences } from '../../../cells/index.ts'
import { request } from '../lib/api.ts'
import type { WasmEngine } from './wasm-engine.ts'

/** A statement that does not parse; the message is shown at its cell. */
export class SqlParseError extends Error {}

/** At most this many statements per parse request (bound as parameters of one SELECT). */
const BATCH = 50
const CACHE_SIZE = 500

export function editorReferencePort(engine: () => WasmEngine | undefined): SqlReferencePort {
  const cache = new Map<string, Promise<SqlReferences>>()
  let pending: { sql: string; settle: (tree: Promise<SerializedSql>) => void }[] = []
  const flush = () => {
    const batch = pending.splice(0, BATCH)
    if (pending.length > 0) queueMicrotask(flush)
    const trees = parseTrees(batch.map((item) => item.sql), engine())
    batch.forEach((item, i) => item.settle(trees.then((all) => all[i]!)))
  }
  return {
    references(sql) {
      const known = cache.get(sql)
      if (known !== undefined) return known
      const answer = new Promise<SerializedSql>((resolve) => {
        if (pending.length === 0) queueMicrotask(flush)
        pending.push({ sql, settle: resolve })
      }).then(readTree)
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!)
      cache.set(sql, answer)
      // A failed request (not a parse error) is asked again next time.
      answer.catch((error: unknown) => {
        if (!(error instanceof SqlParseError)) cache.delete(sql)
      })
      return answer
    },
  }
}

function readTree(tree: SerializedSql): SqlReferences {
  if (tree.error === true) throw new SqlParseError(`${tree.error_type === 'parser' ? 'Parser Error' : 'Not a query'}: ${tree.error_message ?? 'the SQL could not be parsed'}`)
  return referencesOfTree(tree.statements ?? [])
}

async function parseTrees(sqls: string[], engine: WasmEngine | undefined): Promise<SerializedSql[]> {
  const select = `SELECT ${sqls.map((_, i) => `json_serialize_sql($${i + 1}::VARCHAR)`).join(', ')}`
  if (engine?.parses === true) {
    const { rows } = await engine.query(select, sqls)
    return rows[0]!.map((text) => JSON.parse(String(text)) as SerializedSql)
  }
  const answer = await request<{ rows: unknown[][] }>('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: select, params: sqls, format: 'json', limit: 1 }) })
  if (answer.error) throw new Error(`the server could not parse the SQL: ${answer.error.message}`)
  return answer.data.rows[0]!.map((text) => JSON.parse(String(text)) as SerializedSql)
}
