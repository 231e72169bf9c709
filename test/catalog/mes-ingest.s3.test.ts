/**
 * MES ingestion with both ends on a real S3 server: dumps in s3://…/daily, the catalog in
 * another bucket. Through the library and through the `cockpit` command, as a plant runs it.
 */
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createS3Client, createS3Storage, latestSnapshotId } from '../../catalog/index.ts'
import { ingestMes, silentLogger, type MesIngestOptions } from '../../jobs/index.ts'
import { runCockpit } from '../harness/cockpit.ts'
import { writeDirtyDumps } from '../fixtures/dirty-dumps.ts'
import { createTestCatalog, type TestCatalog } from '../fixtures/test-catalog.ts'

const s3 = inject('s3')
const run = Date.now()
const sourceBucket = `mes-dumps-${run}`
const lakeBucket = `lake-${run}`
const scratch = mkdtempSync(join(tmpdir(), 'cockpit-mes-s3-'))
let client: S3Client

async function upload(key: string, body: Buffer | string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: sourceBucket, Key: key, Body: body }))
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(dir, name)).isFile())
}

beforeAll(async () => {
  client = createS3Client(s3)
  await client.send(new CreateBucketCommand({ Bucket: sourceBucket }))
  await client.send(new CreateBucketCommand({ Bucket: lakeBucket }))
  const landing = join(scratch, 'landing')
  await writeDirtyDumps(landing)
  for (const file of filesUnder(landing)) await upload(`daily/${file}`, readFileSync(join(landing, file)))
})
afterAll(() => {
  client?.destroy()
  rmSync(scratch, { recursive: true, force: true })
})

describe('MES ingestion from S3 into a catalog on S3', () => {
  let test: TestCatalog
  let options: MesIngestOptions
  beforeAll(async () => {
    const storage = createS3Storage({ client, url: `s3://${lakeBucket}/library`, cacheDir: join(scratch, 'cache', 'catalog'), immutableKeys: true })
    test = await createTestCatalog({ storage })
    options = {
      catalog: test.catalog,
      source: createS3Storage({ client, url: `s3://${sourceBucket}/daily`, cacheDir: join(scratch, 'cache', 'mes') }),
      sourceName: `s3://${sourceBucket}/daily`,
      plantTz: 'UTC',
      tempDir: join(scratch, 'tmp'),
      trigger: 'cli',
      logger: silentLogger,
    }
  })
  afterAll(() => test.close())

  it('quarantines the same rows and files as from a local folder and writes Parquet to the lake bucket', async () => {
    const summary = await ingestMes(options)
    expect(summary.objects).toEqual({ listed: 6, ingested: 4, skipped: 0, quarantined: 2 })
    expect(summary.rows).toEqual({ accepted: 10, quarantined: 9 })
    expect(await test.query('SELECT count(*) AS n FROM quarantine.mes_rows')).toEqual([{ n: '9' }])
    const lineage = await test.catalog.db.selectFrom('catalog_lineage').select(['source_kind', 'source', 'source_version']).where('table_name', '=', 'mes.orders').execute()
    expect(lineage).toEqual([{ source_kind: 's3-object', source: `s3://${sourceBucket}/daily/orders/2026-11-24.csv`, source_version: expect.stringMatching(/^[0-9a-f-]+$/) }])
    const keys: string[] = []
    for await (const object of test.catalog.storage.list('mes/orders/')) keys.push(object.key)
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatch(/^mes\/orders\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.parquet$/)
  })

  it('skips objects already ingested with the same ETag and re-ingests one re-uploaded with a new ETag', async () => {
    const before = await latestSnapshotId(test.catalog)
    expect((await ingestMes(options)).objects).toEqual({ listed: 6, ingested: 0, skipped: 6, quarantined: 0 })
    expect(await latestSnapshotId(test.catalog)).toBe(before)

    // S3 last-modified times have whole seconds; the corrected export must come later.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    await upload(
      'daily/orders/2026-11-24.csv',
      'order_id,product_id,machine_id,planned_qty,ideal_cycle_time_s,planned_start,planned_end\nO1,P-100,M01,150,30,2026-11-24T08:00:00Z,2026-11-24T16:00:00Z\n',
    )
    const summary = await ingestMes(options)
    expect(summary.objects).toEqual({ listed: 6, ingested: 1, skipped: 5, quarantined: 0 })
    expect(await test.query(`SELECT order_id, planned_qty FROM mes.orders ORDER BY order_id`)).toEqual([
      { order_id: 'O1', planned_qty: '150' },
      { order_id: 'O2', planned_qty: '50' },
    ])
    expect(await test.query(`SELECT planned_qty FROM mes.orders WHERE order_id = 'O1'`, { asOf: before })).toEqual([{ planned_qty: '120' }])
  })
})

describe('the cockpit command against S3', () => {
  const env = {
    COCKPIT_S3_ENDPOINT: s3.endpoint,
    COCKPIT_S3_REGION: s3.region,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    COCKPIT_CATALOG: `s3://${lakeBucket}/cli`,
  }

  async function cockpit(args: string[]): Promise<{ code: number | null; stdout: string; output: string }> {
    const child = runCockpit([...args, '--data-dir', join(scratch, 'cli-data')], env)
    let stdout = ''
    child.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const code = await child.exited
    return { code, stdout, output: child.output() }
  }

  it('ingests s3://…, prints a summary, exits 0 despite quarantined rows, and answers SQL over the S3 catalog', async () => {
    const ingest = await cockpit(['ingest', 'mes', `s3://${sourceBucket}/daily`])
    expect(ingest.code).toBe(0)
    expect(ingest.stdout).toContain(`MES ingestion from s3://${sourceBucket}/daily`)
    expect(ingest.stdout).toMatch(/objects: 4 ingested, 0 skipped \(already ingested\), 2 quarantined/)
    expect(ingest.stdout).toMatch(/quarantined file production_counts\/corrupt\.parquet: cannot read as parquet/)

    const sql = await cockpit(['sql', 'SELECT machine_id, total_count, inspections FROM kpi.machine_daily ORDER BY machine_id', '--format', 'csv'])
    expect(sql.code).toBe(0)
    expect(sql.stdout.trim()).toBe('machine_id,total_count,inspections\nM01,225,3')

    const again = await cockpit(['ingest', 'mes', `s3://${sourceBucket}/daily`])
    expect(again.stdout).toMatch(/objects: 0 ingested, 6 skipped \(already ingested\), 0 quarantined/)

    const catalog = await cockpit(['catalog'])
    expect(catalog.code).toBe(0)
    // The first block re-uploaded the orders file with order O1 alone (a keyed table: rows stored, marked *).
    expect(catalog.stdout).toMatch(/^mes\.orders\s+1\*\s+1\s/m)
  })

  it('exits 1 naming the source when the run itself fails', async () => {
    const missing = await cockpit(['ingest', 'mes', `s3://no-such-bucket-${run}/daily`])
    expect(missing.code).toBe(1)
    expect(missing.output).toContain(`cockpit: MES ingestion from s3://no-such-bucket-${run}/daily failed:`)
  })
})

