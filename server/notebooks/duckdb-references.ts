/**
 * The reference port of cells/ (`SqlReferencePort`) on DuckDB's own parser: which tables a sql
 * cell reads and which parameters it binds, from the tree `json_serialize_sql` answers — never
 * patterns over the text, so a name in a string, a comment or a column is not a reference. A
 * name a WITH clause defines is not a table where that clause is in scope. One in-memory DuckDB
 * (no catalog, no files: parsing needs none) serves all calls of a port.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { positionOfOffset } from '../sql/error-position.ts'
import { SqlError } from '../sql/sql-errors.ts'

export interface SqlReferences {
  /** Tables read, as written: `oee`, `kpi.machine_daily`. */
  tables: string[]
  /** Named (`$from`) and numbered (`$1`, `?`) parameters, each once. */
  parameters: string[]
}

export interface DuckDbReferencePort {
  references(sql: string): Promise<SqlReferences>
  close(): void
}

interface Serialized {
  error?: boolean
  error_type?: string
  error_message?: string
  position?: string
  statements?: unknown[]
}

export function duckDbReferencePort(): DuckDbReferencePort {
  let connection: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> | undefined
  const open = () =>
    (connection ??= DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', enable_external_access: 'false' }).then(async (instance) => ({ instance, connection: await instance.connect() })))
  return {
    async references(sql) {
      const { connection: conn } = await open()
      const reader = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql])
      const serialized = JSON.parse(String(reader.getRows()[0]?.[0])) as Serialized
      if (serialized.error === true) {
        const position = serialized.position === undefined ? {} : positionOfOffset(sql, Number(serialized.position))
        const kind = serialized.error_type === 'parser' ? 'Parser Error' : 'Not a query'
        throw new SqlError('invalid_sql', `${kind}: ${serialized.error_message ?? 'the SQL could not be parsed'}`, position)
      }
      return referencesOfTree(serialized.statements ?? [])
    },
    close() {
      void connection?.then(({ instance, connection: conn }) => {
        conn.closeSync()
        instance.closeSync()
      })
      connection = undefined
    },
  }
}

/** The references in a serialized statement tree (pure; exported for its tests). */
export function referencesOfTree(tree: unknown): SqlReferences {
  const tables = new Set<string>()
  const parameters = new Set<string>()
  const walk = (value: unknown, ctes: ReadonlySet<string>): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, ctes)
      return
    }
    if (value === null || typeof value !== 'object') return
    const node = value as Record<string, unknown>
    let scope = ctes
    const cteMap = (node.cte_map as { map?: { key?: unknown }[] } | undefined)?.map
    if (Array.isArray(cteMap) && cteMap.length > 0) {
      // A WITH's names are in scope in its own definitions (recursive CTEs) and its body.
      scope = new Set([...ctes, ...cteMap.map((entry) => String(entry.key).toLowerCase())])
    }
    if (node.type === 'BASE_TABLE' && typeof node.table_name === 'string') {
      const schema = typeof node.schema_name === 'string' ? node.schema_name : ''
      const catalog = typeof node.catalog_name === 'string' ? node.catalog_name : ''
      if (schema === '' && catalog === '') {
        if (!scope.has(node.table_name.toLowerCase())) tables.add(node.table_name)
      } else tables.add([catalog, schema, node.table_name].filter((part) => part !== '').join('.'))
    }
    if (node.class === 'PARAMETER' && typeof node.identifier === 'string') parameters.add(node.identifier)
    for (const child of Object.values(node)) walk(child, scope)
  }
  walk(tree, new Set())
  return { tables: [...tables], parameters: [...parameters] }
}
