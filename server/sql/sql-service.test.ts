import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { createLocalStorage } from '../../catalog/index.ts'
import { ingestMes, silentLogger } from '../../jobs/index.ts'
import { writeDirtyDumps } from '../../test/fixtures/dirty-dumps.ts'
import { createTestCatalog, type TestCatalog } from '../../test/fixtures/test-catalog.ts'
import { runSql, type SqlSandbox } from './sql-service.ts'
import { SqlError } from './sql-errors.ts'

let test: TestCatalog
let sandbox: SqlSandbox

beforeAll(async () => {
  test = await createTestCatalog()
  const landing = join(test.dir, 'landing')
  await writeDirtyDumps(landing)
  await ingestMes({ catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger })
  sandbox = { catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'sql-tmp'), allowedDirs: [join(test.dir, 'catalog')] }
})
afterAll(() => test.close())

async function sqlError(sql: string): Promise<SqlError> {
  const error = await runSql(sandbox, { sql }).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(SqlError)
  return error as SqlError
}

describe('the SQL service', () => {
  it('answers a read-only query over the catalog with typed columns', async () => {
    const result = await runSql(sandbox, { sql: 'SELECT order_id, planned_qty FROM mes.orders ORDER BY order_id' })
    expect(result.columns).toEqual([{ name: 'order_id', type: 'VARCHAR' }, { name: 'planned_qty', type: 'BIGINT' }])
    expect(result.rows).toEqual([['O1', '120'], ['O2', '50']])
    expect(result.truncated).toBe(false)
  })

  it('cuts results at maxRows and says so', async () => {
    const result = await runSql(sandbox, { sql: 'SELECT * FROM range(100)', maxRows: 10 })
    expect(result.rows).toHaveLength(10)
    expect(result.truncated).toBe(true)
  })

  it.each([
    ['DELETE FROM mes.orders', 'not-read-only', 'only SELECT queries are allowed here (got DELETE)'],
    ['CREATE TABLE x AS SELECT 1', 'not-read-only', 'only SELECT queries are allowed here (got CREATE)'],
    ["COPY (SELECT 1) TO '/tmp/x.csv'", 'not-read-only', 'only SELECT queries are allowed here (got COPY)'],
    ['SELECT 1; SELECT 2', 'invalid', 'expected exactly one SQL statement, got 2'],
    ['SELEC 1', 'invalid', 'Parser Error: syntax error at or near "SELEC"'],
  ])('refuses %s', async (sql, kind, message) => {
    const error = await sqlError(sql)
    expect(error.kind).toBe(kind)
    expect(error.message).toBe(message)
  })

  it('cannot read files outside the catalog or change its locked configuration', async () => {
    expect((await sqlError("SELECT * FROM read_csv('/etc/passwd')")).message).toMatch(/Permission Error: Cannot access file "\/etc\/passwd"/)
    expect((await sqlError("SELECT current_setting('x') FROM (SELECT 1) WHERE 1 = (SELECT count(*) FROM glob('/etc/*'))")).message).toMatch(/Permission Error/)
  })

  it('stops a query that runs past its time limit', async () => {
    const error = await runSql(sandbox, { sql: 'SELECT count(*) FROM range(1000000000000) a', timeoutMs: 200 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SqlError)
    expect((error as SqlError).kind).toBe('timeout')
  })

  it('names an unknown table', async () => {
    expect((await sqlError('SELECT * FROM mes.nothing')).message).toMatch(/Catalog Error: Table with name nothing does not exist/)
  })
})
