/**
 * Rows to a Parquet file through an in-memory DuckDB. Column types follow the values, as a
 * pandas or Spark export would infer them: a timestamp column whose values all carry an offset
 * is TIMESTAMPTZ, numbers are BIGINT or DOUBLE; one dirty value (a number sent as text, a
 * naive time) turns its whole column into VARCHAR, the schema drift an ingest meets in practice.
 */
import { DuckDBInstance } from '@duckdb/node-api'
import type { ColumnSpec, DatasetSpec } from '../mes/datasets.ts'
import { quoteIdent, quoteLiteral } from '../../catalog/index.ts'
import type { DirtyRow } from './dirt.ts'
import { plain } from './serialize.ts'

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

export function parquetType(column: ColumnSpec, values: readonly unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined)
  const all = (test: (v: unknown) => boolean): boolean => present.every(test)
  switch (column.kind) {
    case 'integer':
      return all((v) => Number.isInteger(v)) ? 'BIGINT' : 'VARCHAR'
    case 'number':
      return all((v) => typeof v === 'number') ? 'DOUBLE' : 'VARCHAR'
    case 'boolean':
      return all((v) => typeof v === 'boolean') ? 'BOOLEAN' : 'VARCHAR'
    case 'timestamp':
      return all((v) => typeof v === 'string' && ISO_WITH_OFFSET.test(v)) ? 'TIMESTAMPTZ' : 'VARCHAR'
    case 'text':
    case 'enum':
      return 'VARCHAR'
  }
}

export async function writeParquet(path: string, rows: readonly DirtyRow[], spec: DatasetSpec): Promise<void> {
  const objects = rows.map(plain)
  // Extensions are compiled in; never reach for the network (the plant has no route to it).
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' })
  try {
    const connection = await instance.connect()
    try {
      const names = spec.columns.map((c) => quoteIdent(c.name))
      await connection.run(`CREATE TABLE dump (${names.map((n) => `${n} VARCHAR`).join(', ')})`)
      // Everything goes in as text and is cast once in SQL, so DuckDB does the type conversion.
      const appender = await connection.createAppender('dump')
      for (const row of objects) {
        for (const column of spec.columns) {
          const value = row[column.name]
          if (value === null || value === undefined) appender.appendNull()
          else appender.appendVarchar(String(value))
        }
        appender.endRow()
      }
      appender.closeSync()
      const select = spec.columns.map((c, i) => `CAST(${names[i]} AS ${parquetType(c, objects.map((r) => r[c.name]))}) AS ${names[i]}`)
      await connection.run(`COPY (SELECT ${select.join(', ')} FROM dump) TO ${quoteLiteral(path)} (FORMAT parquet)`)
    } finally {
      connection.closeSync()
    }
  } finally {
    instance.closeSync()
  }
}
