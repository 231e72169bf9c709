import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tableFromIPC } from 'apache-arrow'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createLocalStorage } from '../../catalog/index.ts'
import { ingestMes, silentLogger } from '../../jobs/index.ts'
import { writeDirtyDumps } from '../../test/fixtures/dirty-dumps.ts'
import { createTestCatalog, type TestCatalog } from '../../test/fixtures/test-catalog.ts'
import { SqlError } from './sql-errors.ts'
import { createSqlService, runSql, type SqlQuery, type SqlService } from './sql-service.ts'

let test: TestCatalog
let service: SqlService
let catalogDir: string
let outside: string

beforeAll(async () => {
  test = await createTestCatalog()
  const landing = join(test.dir, 'landing')
  await writeDirtyDumps(landing)
  await ingestMes({ catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger })
  catalogDir = join(test.dir, 'catalog')
  outside = join(test.dir, 'outside')
  mkdirSync(outside, { recursive: true })
  service = createSqlService({ catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'sql-tmp'), readDirs: [catalogDir], isolation: 'namespace', timeoutMs: 20_000, memoryLimit: '256MB', maxRows: 1000 })
}, 120_000)
afterAll(async () => {
  await service?.close()
  await test?.close()
})

async function sqlError(query: SqlQuery | string): Promise<SqlError> {
  const error = await service.query(typeof query === 'string' ? { sql: query } : query).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(SqlError)
  return error as SqlError
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort()
}

describe('the SQL service', { timeout: 60_000 }, () => {
  it('answers a read-only query over the catalog with typed columns', async () => {
    const result = await runSql(service, { sql: 'SELECT order_id, planned_qty FROM mes.orders ORDER BY order_id' })
    expect(result.columns).toEqual([{ name: 'order_id', type: 'VARCHAR' }, { name: 'planned_qty', type: 'BIGINT' }])
    expect(result.rows).toEqual([['O1', '120'], ['O2', '50']])
    expect(result.truncated).toBe(false)
  })

  it('refuses asOf of a snapshot that does not exist instead of answering today’s data, and reads one that does', async () => {
    for (const asOf of [-1, 1_000_000]) {
      await expect(runSql(service, { sql: 'SELECT count(*) AS n FROM mes.orders', asOf })).rejects.toMatchObject({ code: 'unknown_snapshot', message: expect.stringMatching(new RegExp(`^asOf: no snapshot ${asOf} in the catalog \\(snapshots are 0, the empty catalog, to \\d+\\)$`)) })
    }
    expect((await runSql(service, { sql: 'SELECT 1 AS one', asOf: 1 })).rows).toEqual([[1]])
  })

  it('cuts results at the limit and says so; a limit above the server maximum is capped', async () => {
    const result = await service.query({ sql: 'SELECT * FROM range(5000)', limit: 10 })
    expect(result.rows).toHaveLength(10)
    expect(result.truncated).toBe(true)
    const capped = await service.query({ sql: 'SELECT * FROM range(5000)', limit: 1_000_000 })
    expect([capped.rowCount, capped.truncated]).toEqual([1000, true])
    const exact = await service.query({ sql: 'SELECT * FROM range(10)', limit: 10 })
    expect([exact.rowCount, exact.truncated]).toEqual([10, false])
  })

  it('binds parameters by position and by name', async () => {
    const positional = await service.query({ sql: 'SELECT order_id FROM mes.orders WHERE planned_qty > $1 AND order_id <> $2', params: [60, 'none'] })
    expect(positional.rows).toEqual([['O1']])
    const named = await service.query({ sql: 'SELECT order_id FROM mes.orders WHERE order_id = $id', params: { id: 'O2' } })
    expect(named.rows).toEqual([['O2']])
    const injected = await service.query({ sql: 'SELECT count(*) AS n FROM mes.orders WHERE order_id = $1', params: ["O1' OR '1'='1"] })
    expect(injected.rows).toEqual([['0']])
    expect((await sqlError({ sql: 'SELECT $1, $2', params: [1] })).code).toBe('invalid_params')
  })

  it('answers CSV after RFC 4180 with a header', async () => {
    const result = await service.query({ sql: `SELECT * FROM (VALUES (1, 'plain'), (2, 'a,b'), (3, 'say "hi"'), (4, E'two\\nlines'), (5, NULL)) t(n, text) ORDER BY n`, format: 'csv' })
    expect(result.csv).toBe('n,text\r\n1,plain\r\n2,"a,b"\r\n3,"say ""hi"""\r\n4,"two\nlines"\r\n5,\r\n')
  })

  it('answers an Arrow IPC stream whose values equal the JSON result, type by type', async () => {
    const sql = `SELECT * FROM (VALUES
      (1::INTEGER, 9007199254740993::BIGINT, 1.25::DOUBLE, 12345.678::DECIMAL(18,3), 'Grüße'::VARCHAR, true, DATE '2024-02-29', TIMESTAMP '2024-02-29 13:14:15.123456', TIMESTAMPTZ '2024-02-29 13:14:15.5+00', 7::SMALLINT, 3.5::FLOAT, 170141183460469231731687303715884105727::HUGEINT),
      (-2, -5, -0.5, -0.001, '', false, DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMPTZ '2000-01-01 00:00:00+00', -7, -1, -1),
      (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
    ) t(i, big, dbl, dec, txt, flag, day, ts, tstz, small, flt, huge)`
    const json = await service.query({ sql: `SELECT i, big, dbl, dec::VARCHAR, txt, flag, epoch_ms(day::TIMESTAMP), epoch_us(ts), epoch_us(tstz), small, flt, huge::VARCHAR FROM (${sql})` })
    const arrow = await service.query({ sql, format: 'arrow' })
    const table = tableFromIPC(arrow.arrow!)
    expect(table.schema.fields.map((field) => `${field.name}:${field.type}`)).toEqual([
      'i:Int32', 'big:Int64', 'dbl:Float64', 'dec:Decimal[18e+3]', 'txt:Utf8', 'flag:Bool', 'day:Date32<DAY>',
      'ts:Timestamp<MICROSECOND>', 'tstz:Timestamp<MICROSECOND, UTC>', 'small:Int16', 'flt:Float32', 'huge:Decimal[38e0]',
    ])
    expect(table.numRows).toBe(3)
    const raw = (name: string, row: number): unknown => {
      const data = table.getChild(name)!.data[0]!
      return data.getValid(row) ? data.values[row] : null
    }
    const decimal = (name: string, row: number, scale: number): string | null => {
      const data = table.getChild(name)!.data[0]!
      if (!data.getValid(row)) return null
      const words = new BigInt64Array((data.values as Uint32Array).buffer, (data.values as Uint32Array).byteOffset + row * 16, 2)
      const unscaled = (words[1]! << 64n) + BigInt.asUintN(64, words[0]!)
      const sign = unscaled < 0n ? '-' : ''
      const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0')
      return scale === 0 ? sign + digits : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`
    }
    const fromArrow = [0, 1, 2].map((row) => [
      table.getChild('i')!.get(row),
      raw('big', row) === null ? null : String(raw('big', row)),
      table.getChild('dbl')!.get(row),
      decimal('dec', row, 3),
      table.getChild('txt')!.get(row),
      table.getChild('flag')!.get(row),
      table.getChild('day')!.get(row),
      raw('ts', row) === null ? null : String(raw('ts', row)),
      raw('tstz', row) === null ? null : String(raw('tstz', row)),
      table.getChild('small')!.get(row),
      table.getChild('flt')!.get(row),
      decimal('huge', row, 0),
    ])
    const fromJson = json.rows!.map((row) => row.map((value, column) => (column === 6 && value !== null ? Number(value) : value)))
    expect(fromArrow).toEqual(fromJson)
  })

  it('answers an empty Arrow result with its schema', async () => {
    const result = await service.query({ sql: 'SELECT order_id, planned_qty FROM mes.orders WHERE false', format: 'arrow' })
    const table = tableFromIPC(result.arrow!)
    expect([table.numRows, table.schema.fields.map((field) => field.name)]).toEqual([0, ['order_id', 'planned_qty']])
  })

  it('allows SELECT, WITH, PIVOT, DESCRIBE, SUMMARIZE and EXPLAIN', async () => {
    for (const sql of [
      'WITH o AS (SELECT * FROM mes.orders) SELECT count(*) FROM o',
      "PIVOT mes.orders ON order_id IN ('O1', 'O2') USING sum(planned_qty)",
      'DESCRIBE mes.orders',
      'SUMMARIZE mes.orders',
      'EXPLAIN SELECT * FROM mes.orders',
      'FROM mes.orders',
    ]) {
      await expect(service.query({ sql }), sql).resolves.toMatchObject({ truncated: false })
    }
  })

  it.each([
    ['DELETE FROM mes.orders', 'not_read_only'],
    ['INSERT INTO mes.orders (order_id) VALUES (1)', 'not_read_only'],
    ['CREATE TABLE x AS SELECT 1', 'not_read_only'],
    ['DROP VIEW mes.orders', 'not_read_only'],
    ["COPY (SELECT 1) TO '/tmp/cockpit-escape.csv'", 'not_read_only'],
    ["ATTACH '/tmp/cockpit-escape.db' AS x", 'not_read_only'],
    ['INSTALL httpfs', 'not_read_only'],
    ['LOAD httpfs', 'not_read_only'],
    ["SET allowed_directories = ['/']", 'not_read_only'],
    ['SET enable_external_access = true', 'not_read_only'],
    ['RESET lock_configuration', 'not_read_only'],
    ['PRAGMA version', 'not_read_only'],
    ["PRAGMA enable_profiling", 'not_read_only'],
    ["CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 's')", 'not_read_only'],
    ["EXPORT DATABASE '/tmp/cockpit-escape-export'", 'not_read_only'],
    ["CALL read_csv('/etc/passwd')", 'not_read_only'],
    ['CALL pragma_version()', 'not_read_only'],
    ['EXPLAIN ANALYZE DELETE FROM mes.orders', 'not_read_only'],
    ["EXPLAIN COPY (SELECT 1) TO '/tmp/cockpit-escape.csv'", 'not_read_only'],
    ['SELECT 1; SELECT 2', 'multiple_statements'],
    ["SELECT 1; COPY (SELECT 1) TO '/tmp/cockpit-escape.csv'", 'multiple_statements'],
  ])('refuses %s', async (sql, code) => {
    const error = await sqlError(sql)
    expect(error.code).toBe(code)
    expect(error.message).toMatch(code === 'multiple_statements' ? /^expected exactly one SQL statement, got 2/ : /^only read-only queries are allowed here: SELECT, WITH, PIVOT, DESCRIBE, SUMMARIZE or EXPLAIN/)
    expect(existsSync('/tmp/cockpit-escape.csv') || existsSync('/tmp/cockpit-escape.db') || existsSync('/tmp/cockpit-escape-export')).toBe(false)
  })

  it.each([
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_blob('/etc/passwd')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM sniff_csv('/etc/passwd')",
    "SELECT * FROM read_json('/etc/passwd')",
    "SELECT * FROM '/etc/passwd.csv'",
  ])('cannot read outside the catalog: %s', async (sql) => {
    const error = await sqlError(sql)
    expect(error.code).toBe('permission_denied')
    expect(error.message).toMatch(/^Permission Error: Cannot access (file|directory) "\/etc\/(passwd|\*|passwd\.csv)" - file system operations are disabled by configuration/)
  })

  it.each([
    "SELECT * FROM query('COPY (SELECT 1) TO ''/tmp/cockpit-escape.csv''')",
    "SELECT * FROM query('ATTACH ''/tmp/cockpit-escape.db''')",
    "WITH x AS (SELECT 1) SELECT * FROM query('INSTALL httpfs')",
  ])('cannot smuggle a statement inside a SELECT: %s', async (sql) => {
    const error = await sqlError(sql)
    expect(error.code).toMatch(/^(invalid_sql|query_failed|permission_denied)$/)
    expect(existsSync('/tmp/cockpit-escape.csv') || existsSync('/tmp/cockpit-escape.db')).toBe(false)
  })

  it('cannot climb out of the catalog folder with .. to the app database beside it', async () => {
    expect(existsSync(join(catalogDir, '..', 'app.sqlite'))).toBe(true)
    for (const sql of [`SELECT * FROM read_text('${catalogDir}/../app.sqlite')`, `SELECT * FROM read_blob('${catalogDir}//..//app.sqlite')`, `SELECT * FROM glob('${catalogDir}/../*')`]) {
      expect((await sqlError(sql)).code, sql).toBe('permission_denied')
    }
  })

  it('cannot call table functions on files outside the catalog', async () => {
    const error = await sqlError(`SELECT * FROM read_parquet('${outside}/*.parquet')`)
    expect(error.code).toBe('permission_denied')
  })

  it('refuses a COPY into the catalog folder and leaves no file behind', async () => {
    const before = filesUnder(catalogDir)
    const error = await sqlError(`COPY (SELECT * FROM mes.orders) TO '${catalogDir}/stolen.csv'`)
    expect(error.code).toBe('not_read_only')
    expect(filesUnder(catalogDir)).toEqual(before)
  })

  it('reports bad SQL with DuckDB\'s message, line and column', async () => {
    const parse = await sqlError('SELECT order_id\nFROM mes.orders\nWHERE planned_qty >')
    expect(parse.toBody()).toEqual({ code: 'invalid_sql', message: 'Parser Error: syntax error at end of input', line: 3, column: 20 })
    const bind = await sqlError('SELECT order_id,\n       nope\nFROM mes.orders')
    expect(bind.toBody()).toMatchObject({ code: 'invalid_sql', line: 2, column: 8 })
    expect(bind.message).toMatch(/^Binder Error: Referenced column "nope" not found in FROM clause!/)
    expect((await sqlError('SELECT * FROM mes.nothing')).message).toMatch(/^Catalog Error: Table with name nothing does not exist/)
    expect((await sqlError('   ')).code).toBe('invalid_sql')
  })

  it('stops a cross join that would run for hours at the time limit, and answers the next query', async () => {
    const error = await sqlError({ sql: 'SELECT count(*) FROM range(100000000) a CROSS JOIN range(100000000) b WHERE a.range + b.range = -1', timeoutMs: 500 })
    expect(error.code).toBe('timeout')
    expect(error.message).toBe('the query ran longer than 500 ms and was stopped')
    expect((await runSql(service, { sql: 'SELECT 1 AS one' })).rows).toEqual([[1]])
  })

  it('answers a query in full or says it ran out of time, never short — also a fresh worker\'s first Arrow answer', async () => {
    // A fresh worker loads apache-arrow on its first Arrow query; with a tight limit that load must
    // neither eat the query's time nor cut its answer (an interrupted DuckDB stream just ends early).
    const sql = 'SELECT range AS n FROM range(5000)'
    for (const format of ['arrow', 'json', 'csv'] as const) {
      const fresh = createSqlService({ catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'sql-tmp'), readDirs: [catalogDir], isolation: 'namespace', timeoutMs: 150, maxRows: 10_000 })
      try {
        const outcome = await fresh.query({ sql, format }).then(
          (output) => output.arrow !== undefined ? tableFromIPC(output.arrow).numRows : output.csv !== undefined ? output.csv.trim().split('\n').length - 1 : output.rows!.length,
          (error: unknown) => (error as SqlError).code,
        )
        expect([format, outcome]).toSatisfy(([, got]) => got === 5000 || got === 'timeout')
      } finally {
        await fresh.close()
      }
    }
  })

  it('fails a query that exhausts memory with DuckDB\'s out-of-memory error, and answers the next query', async () => {
    const error = await sqlError('SELECT list(range) AS everything FROM range(100000000)')
    expect(error.code).toBe('out_of_memory')
    expect(error.message).toMatch(/^Out of Memory Error: failed to allocate data of size .* used\)/)
    expect((await runSql(service, { sql: 'SELECT 2 AS two' })).rows).toEqual([[2]])
  })

  it('runs the same DuckDB sandbox in process for one-shot CLI commands', async () => {
    const inProcess = createSqlService({ catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'sql-tmp'), readDirs: [catalogDir], isolation: 'namespace', timeoutMs: 20_000, inProcess: true })
    try {
      expect((await runSql(inProcess, { sql: 'SELECT count(*) FROM mes.orders' })).rows).toEqual([['2']])
      const failed = (query: SqlQuery): Promise<SqlError> => inProcess.query(query).then(() => new SqlError('query_failed', 'it answered'), (e: unknown) => e as SqlError)
      const refused = await failed({ sql: `COPY (SELECT 1) TO '${catalogDir}/planted.csv'` })
      const read = await failed({ sql: "SELECT * FROM read_text('/etc/passwd')" })
      const slow = await failed({ sql: 'SELECT count(*) FROM range(100000000) a CROSS JOIN range(100000000) b', timeoutMs: 300 })
      expect([refused.code, read.code, slow.code]).toEqual(['not_read_only', 'permission_denied', 'timeout'])
      expect(existsSync(join(catalogDir, 'planted.csv'))).toBe(false)
      expect(inProcess.workerPids()).toEqual([])
    } finally {
      await inProcess.close()
    }
  })

  it('reads the catalog as of an older snapshot', async () => {
    const now = await runSql(service, { sql: 'SELECT count(*) FROM mes.orders' })
    const before = await runSql(service, { sql: 'SELECT count(*) FROM mes.orders', asOf: 0 })
    expect([now.rows, before.rows]).toEqual([[['2']], [['0']]])
  })
})
