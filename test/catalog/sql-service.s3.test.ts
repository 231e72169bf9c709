/**
 * The SQL service over a catalog on a real S3 server: the server fetches the files a query
 * needs into the local read cache, and the sandbox workers read them from there — with the
 * cache mounted read-only to them, so user SQL cannot plant files in it either.
 */
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createLocalStorage, createS3Client, createS3Storage } from '../../catalog/index.ts'
import { ingestMes, silentLogger } from '../../jobs/index.ts'
import { createSqlService, type SqlService } from '../../server/sql/sql-service.ts'
import { SqlError } from '../../server/sql/sql-errors.ts'
import { writeDirtyDumps } from '../fixtures/dirty-dumps.ts'
import { createTestCatalog, type TestCatalog } from '../fixtures/test-catalog.ts'

const s3 = inject('s3')
const bucket = `sql-lake-${Date.now()}`
const scratch = mkdtempSync(join(tmpdir(), 'cockpit-sql-s3-'))
const cacheDir = join(scratch, 'cache', 'catalog')
let client: S3Client
let test: TestCatalog
let service: SqlService

beforeAll(async () => {
  client = createS3Client(s3)
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  mkdirSync(cacheDir, { recursive: true })
  const storage = createS3Storage({ client, url: `s3://${bucket}/catalog`, cacheDir, immutableKeys: true })
  test = await createTestCatalog({ storage })
  const landing = join(scratch, 'landing')
  await writeDirtyDumps(landing)
  await ingestMes({ catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: 'UTC', tempDir: join(scratch, 'tmp'), trigger: 'cli', logger: silentLogger })
  // Start from an empty cache, as a server that did not ingest these files itself would.
  rmSync(cacheDir, { recursive: true, force: true })
  mkdirSync(cacheDir)
  service = createSqlService({ catalog: test.catalog, plantTz: 'UTC', tempDir: join(scratch, 'sql-tmp'), readDirs: [cacheDir], isolation: 'namespace', timeoutMs: 20_000 })
})
afterAll(async () => {
  await service?.close()
  await test?.close()
  client?.destroy()
  rmSync(scratch, { recursive: true, force: true })
})

describe('the SQL service over an S3 catalog', () => {
  it('answers from the files it fetched into the read cache', async () => {
    const result = await service.query({ sql: 'SELECT order_id, planned_qty FROM mes.orders ORDER BY order_id' })
    expect(result.rows).toEqual([['O1', '120'], ['O2', '50']])
    expect(readdirSync(cacheDir, { recursive: true }).length).toBeGreaterThan(0)
  })

  it('cannot write into the read cache', async () => {
    const before = readdirSync(cacheDir, { recursive: true }).sort()
    const error = await service.query({ sql: `COPY (SELECT 1) TO '${cacheDir}/planted.parquet' (FORMAT parquet)` }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SqlError)
    expect((error as SqlError).code).toBe('not_read_only')
    expect(readdirSync(cacheDir, { recursive: true }).sort()).toEqual(before)
  })
})
