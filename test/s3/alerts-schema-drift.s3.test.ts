/**
 * The schema-drift pipeline rule end to end: MES dumps on a real S3 server, the real ingestion
 * recording what each dump held, and the shipped rule run by the alert engine's schedule over
 * the app database — an alert naming the dataset, the file and the changed columns, resolved by
 * the next dump that matches again.
 */
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createS3Client, createS3Storage } from '../../catalog/index.ts'
import { ingestMes, silentLogger, type MesIngestOptions } from '../../jobs/index.ts'
import { AlertBus } from '../../server/alerts/alert-bus.ts'
import { AlertEngine } from '../../server/alerts/alert-engine.ts'
import { listAlerts } from '../../server/alerts/alert-store.ts'
import { ensurePipelineRules } from '../../server/alerts/pipeline-rules.ts'
import { SqlRuleSchedule } from '../../server/alerts/sql-rule-schedule.ts'
import type { SqlService } from '../../server/sql/sql-service.ts'
import { createTestCatalog, type TestCatalog } from '../fixtures/test-catalog.ts'

const s3 = inject('s3')
const run = Date.now()
const sourceBucket = `mes-drift-${run}`
const lakeBucket = `lake-drift-${run}`
const scratch = mkdtempSync(join(tmpdir(), 'cockpit-drift-s3-'))
const HEADER = 'machine_id,order_id,product_id,period_start,period_end,good_count,scrap_count'

let client: S3Client
let test: TestCatalog
let options: MesIngestOptions
let engine: AlertEngine
let schedule: SqlRuleSchedule

async function upload(key: string, body: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: sourceBucket, Key: key, Body: body }))
}

/** One dump arrives and is ingested; then the rule runs, as its schedule would. */
async function dumpArrives(key: string, body: string): Promise<void> {
  // S3 keeps last-modified times in whole seconds; each dump must come after the one before.
  await new Promise((resolve) => setTimeout(resolve, 1_100))
  await upload(key, body)
  await ingestMes(options)
  const rule = engine.sqlRules().find((stored) => stored.builtin === 'mes-schema-drift')
  if (rule === undefined) throw new Error('the schema-drift pipeline rule is not enabled')
  await schedule.run(rule)
  await engine.flush()
}

async function driftAlerts() {
  const rule = engine.sqlRules().find((stored) => stored.builtin === 'mes-schema-drift')!
  return (await listAlerts(test.catalog.db, { ruleId: rule.id, limit: 10 })).map((alert) => ({ state: alert.state, labels: alert.labels, value: alert.value }))
}

beforeAll(async () => {
  client = createS3Client(s3)
  await client.send(new CreateBucketCommand({ Bucket: sourceBucket }))
  await client.send(new CreateBucketCommand({ Bucket: lakeBucket }))
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
  const db = test.catalog.db
  const onError = (error: unknown): never => {
    throw error
  }
  engine = new AlertEngine({ db, bus: new AlertBus(onError), clock: Date.now, onError })
  // The rule reads the app database; the SQL service is never asked.
  schedule = new SqlRuleSchedule({ db, engine, sql: undefined as unknown as SqlService, clock: Date.now, onError })
  await ensurePipelineRules(db, new Date().toISOString())
  await engine.reload()
})
afterAll(async () => {
  client?.destroy()
  await test?.close()
  rmSync(scratch, { recursive: true, force: true })
})

describe('the schema-drift pipeline rule over dumps ingested from S3', () => {
  it('stays quiet while dumps match their contract', async () => {
    await dumpArrives('daily/production_counts/2026-12-01.csv', `${HEADER}\nM01,O1,P-100,2026-12-01T08:00:00Z,2026-12-01T09:00:00Z,100,5\nM01,O1,P-100,2026-12-01T09:00:00Z,2026-12-01T10:00:00Z,110,3\n`)
    expect(await driftAlerts()).toEqual([])
  })

  it('fires naming the dataset, the file and each new, missing and retyped column', async () => {
    await dumpArrives(
      'daily/production_counts/2026-12-02.csv',
      'machine_id,order_id,period_start,period_end,good_count,scrap_count,shift_code\nM01,O2,2026-12-02T08:00:00Z,2026-12-02T09:00:00Z,ninety,5,A\nM01,O2,2026-12-02T09:00:00Z,2026-12-02T10:00:00Z,eighty,3,B\n',
    )
    expect(await driftAlerts()).toEqual([
      {
        state: 'firing',
        labels: {
          dataset: 'production_counts',
          file: 'production_counts/2026-12-02.csv',
          drift: 'mes.production_counts: production_counts/2026-12-02.csv has new column `shift_code`, lacks `product_id`, `good_count` changed BIGINT→VARCHAR',
        },
        value: 3,
      },
    ])
  })

  it('stays one alert while the condition holds, and resolves when a later dump matches again', async () => {
    const rule = engine.sqlRules().find((stored) => stored.builtin === 'mes-schema-drift')!
    await schedule.run(rule)
    await engine.flush()
    expect((await driftAlerts()).map((alert) => alert.state)).toEqual(['firing'])

    await dumpArrives('daily/production_counts/2026-12-03.csv', `${HEADER}\nM01,O3,P-100,2026-12-03T08:00:00Z,2026-12-03T09:00:00Z,120,2\n`)
    expect((await driftAlerts()).map((alert) => alert.state)).toEqual(['resolved'])
  })

  it('a dump quarantined for a missing required column is drift too', async () => {
    await dumpArrives('daily/production_counts/2026-12-04.csv', 'machine_id,order_id,product_id,period_start,period_end,good_count\nM01,O4,P-100,2026-12-04T08:00:00Z,2026-12-04T09:00:00Z,120\n')
    const alerts = await driftAlerts()
    expect(alerts[0]).toEqual({ state: 'firing', labels: { dataset: 'production_counts', file: 'production_counts/2026-12-04.csv', drift: 'mes.production_counts: production_counts/2026-12-04.csv lacks `scrap_count`' }, value: 1 })
  })
})
