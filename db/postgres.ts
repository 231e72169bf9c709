/**
 * The app database in PostgreSQL (COCKPIT_DATABASE_URL=postgres://…): a `pg` pool under kysely's
 * PostgresDialect, with two adjustments that let the same migrations and queries serve both
 * databases:
 * - Column types. The migrations are written once with SQLite's types; on PostgreSQL
 *   `integer` becomes `bigint` (epoch-millisecond times, byte sizes and Kafka-sized counters do
 *   not fit 32 bits; SQLite's INTEGER is 64-bit), `real` becomes `double precision` (SQLite's
 *   REAL is 8 bytes; PostgreSQL's `real` only 4), and an auto-increment integer primary key
 *   becomes `bigserial`. `portableSchemaPlugin` rewrites the CREATE/ALTER TABLE statements; the
 *   SQLite schema is untouched.
 * - Result types. `bigint` (and `count(*)`) and `numeric` (`sum` of a bigint) arrive from `pg`
 *   as strings; they are parsed to numbers, as better-sqlite3 answers them, on this pool only.
 */
import pg from 'pg'
import {
  Kysely,
  OperationNodeTransformer,
  PostgresAdapter,
  PostgresDialect,
  DataTypeNode,
  type ColumnDefinitionNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'

const INT8_OID = 20
const NUMERIC_OID = 1700

/** True when `db` talks to PostgreSQL (migrations that must differ ask this). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

class PortableTypes extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const column = super.transformColumnDefinition(node)
    const type = DataTypeNode.is(column.dataType) ? column.dataType.dataType : undefined
    if (type === 'integer' && column.autoIncrement === true) return { ...column, autoIncrement: false, dataType: dataType('bigserial') }
    if (type === 'integer') return { ...column, dataType: dataType('bigint') }
    if (type === 'real') return { ...column, dataType: dataType('double precision') }
    return column
  }
}

function dataType(name: 'bigserial' | 'bigint' | 'double precision'): DataTypeNode {
  return DataTypeNode.create(name)
}

/** Rewrites SQLite's column types in CREATE and ALTER TABLE to their PostgreSQL equivalents (see above). */
export const portableSchemaPlugin: KyselyPlugin = {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind !== 'CreateTableNode' && node.kind !== 'AlterTableNode') return node
    return new PortableTypes().transformNode(node)
  },
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result
  },
}

/** `pg` type parsers for this pool: 64-bit integers and numerics as JS numbers. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

export interface PostgresAppDbOptions {
  url: string
  /** Connections in the pool; 10 by default. */
  max?: number
}

export function postgresDialect(options: PostgresAppDbOptions): { dialect: PostgresDialect; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    types: types as pg.CustomTypesConfig,
    // A server that does not answer fails the start (and each query) instead of hanging.
    connectionTimeoutMillis: 10_000,
    application_name: 'plant-cockpit',
  })
  // An idle client whose server went away emits 'error' on the pool; without a listener that
  // would end the process. The next query gets a fresh connection (or its own error).
  pool.on('error', () => undefined)
  // A client checked out of the pool (kysely holds one through a transaction) has no listener of
  // the pool's: a server restart between two of its queries would emit 'error' unheard and end
  // the process. The query that runs next on it fails instead, and the pool discards the broken
  // client when it is released (pg-pool drops clients that are no longer queryable).
  pool.on('connect', (client) => client.on('error', () => undefined))
  return { dialect: new PostgresDialect({ pool }), pool }
}

/** The URL with its password replaced, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://…'
  }
}
