/**
 * Plant mode end to end: the real `cockpit` process pointed at the harness's real Kafka
 * broker and real S3 server, as a plant would point it at its own.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createS3Client } from '../../catalog/index.ts'
import { runCockpit, serveCockpit } from '../harness/cockpit.ts'
import { freePort } from '../harness/ports.ts'

const kafka = inject('kafka')
const s3 = inject('s3')
const scratch = mkdtempSync(join(tmpdir(), 'cockpit-plant-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const scratchDir = (): string => mkdtempSync(join(scratch, 'data-'))

const s3Env = {
  COCKPIT_S3_ENDPOINT: s3.endpoint,
  COCKPIT_S3_REGION: s3.region,
  AWS_ACCESS_KEY_ID: s3.accessKeyId,
  AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
}

describe('plant mode on a real broker and a real S3 server', () => {
  const client = createS3Client(s3)
  beforeAll(async () => {
    await client.send(new CreateBucketCommand({ Bucket: 'mes-dumps' }))
    await client.send(new CreateBucketCommand({ Bucket: 'lake' }))
  })
  afterAll(() => client.destroy())

  it('reports every component healthy, with where each lives', async () => {
    const cockpit = await serveCockpit({
      env: {
        ...s3Env,
        COCKPIT_KAFKA_BROKERS: kafka.brokers,
        COCKPIT_MES_SOURCE: 's3://mes-dumps/daily',
        COCKPIT_CATALOG: 's3://lake/catalog',
      },
    })
    try {
      const health = await fetch(`${cockpit.url}/api/health`).then((r) => r.json())
      expect(health).toMatchObject({
        status: 'ok',
        mode: 'plant',
        components: {
          appDb: { status: 'ok' },
          catalog: { status: 'ok', message: 'DuckDB; catalog in bucket lake' },
          sensorSource: {
            status: 'ok',
            message: expect.stringMatching(new RegExp(`^Kafka at ${kafka.brokers} \\(1 broker\\(s\\)\\), topic sensor-readings; [\\d.]+ readings/s, [\\d.]+ rejects/s`)),
            pipeline: { readingsPerSecond: expect.any(Number), partitions: expect.any(Array) },
          },
          mesSource: { status: 'ok', message: 'MES dumps from bucket mes-dumps' },
        },
      })
    } finally {
      expect(await cockpit.stop()).toBe(0)
    }
  })

  it('refuses to start when the MES bucket does not exist, naming it', async () => {
    const run = runCockpit(['start', '--port', String(await freePort()), '--data-dir', scratchDir()], {
      ...s3Env,
      COCKPIT_MES_SOURCE: 's3://no-such-bucket/daily',
    })
    expect(await run.exited).toBe(1)
    expect(run.output()).toContain('cockpit: COCKPIT_MES_SOURCE: s3://no-such-bucket/daily is not reachable: the bucket does not exist')
  })

  it('refuses to start when no S3 credentials can be found, saying so', async () => {
    // moto accepts any key, so a wrong key cannot be tested here; a missing one can.
    const run = runCockpit(['start', '--port', String(await freePort()), '--data-dir', scratchDir()], {
      COCKPIT_S3_ENDPOINT: s3.endpoint,
      COCKPIT_CATALOG: 's3://lake/catalog',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
      COCKPIT_CONNECT_TIMEOUT_MS: '3000',
    })
    expect(await run.exited).toBe(1)
    expect(run.output()).toMatch(/cockpit: COCKPIT_CATALOG: s3:\/\/lake\/catalog is not reachable: .*credentials/i)
  })
})
