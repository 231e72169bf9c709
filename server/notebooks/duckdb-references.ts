/**
 * The reference port of cells/ (`SqlReferencePort`) on DuckDB's own parser: which tables a sql
 * cell reads and which parameters it binds, from the tree `json_serialize_sql` answers — never
 * patterns over the text, so a name in a string, a comment or a column is not a reference. A
 * name a WITH clause defines is not a table where that clause is in scope. The walk over the tree
 * is cells/' `referencesOfTree`, the same the browser uses. One in-memory DuckDB
 * (no catalog, no files: parsing needs none) serves all calls of a port.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { positionOfOffset, referencesOfTree, type SerializedSql } from '../../cells/index.ts'
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

export function duckDbReferencePort(): DuckDbReferencePort {
  let connection: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> | undefined
  const open = () =>
    (connection ??= DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', enable_external_access: 'false' }).then(async (instance) => ({ instance, connection: await instance.connect() })))
  return {
    async references(sql) {
      const { connection: conn } = await open()
      const reader = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql])
      const serialized = JSON.parse(String(reader.getRows()[0]?.[0])) as SerializedSql
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
