/**
 * The Iceberg export of a catalog whose files live on a real S3 server (moto): the manifests name
 * `s3://` URIs, and PyIceberg reads them through its own S3 FileIO, configured with the server's
 * endpoint — the same three tables at the same two snapshots, the same rows as the views.
 */
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createS3Client, createS3Storage } from '../../catalog/index.ts'
import { createTestCatalog, type TestCatalog } from '../fixtures/test-catalog.ts'
import { buildHistory, expectPyIcebergReadsSameRows, publish, type Scenario } from './iceberg-scenario.ts'

const s3 = inject('s3')
const bucket = `iceberg-lake-${Date.now()}`
let client: S3Client
let test: TestCatalog
let scenario: Scenario
const cacheDir = mkdtempSync(join(tmpdir(), 'cockpit-iceberg-s3-cache-'))

beforeAll(async () => {
  client = createS3Client(s3)
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  test = await createTestCatalog({ storage: createS3Storage({ client, url: `s3://${bucket}/catalog`, cacheDir, immutableKeys: true }) })
  scenario = await buildHistory(test)
  await publish(test)
}, 600_000)
afterAll(async () => {
  await test?.close()
  client?.destroy()
  rmSync(cacheDir, { recursive: true, force: true })
})

describe('the Iceberg export of a catalog on S3', () => {
  it('names s3:// files, and PyIceberg reads the three tables at both snapshots with the views’ rows', async () => {
    const row = await test.catalog.db.selectFrom('iceberg_tables').select('metadata_location').where('table_name', '=', 'readings').executeTakeFirstOrThrow()
    expect(row.metadata_location).toMatch(new RegExp(`^s3://${bucket}/catalog/_iceberg/sensors/readings/metadata/`))
    await expectPyIcebergReadsSameRows(test, scenario, {
      's3.endpoint': s3.endpoint,
      's3.region': s3.region,
      's3.access-key-id': s3.accessKeyId,
      's3.secret-access-key': s3.secretAccessKey,
    })
  })
})
