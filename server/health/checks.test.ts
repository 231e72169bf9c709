import { describe, expect, it } from 'vitest'
import type { Runtime } from '../runtime.ts'
import type { SensorPipelineSummary } from '../sensors.ts'
import { healthChecks } from './checks.ts'

// Embedded settings: the sensor source's probe needs no network.
const runtime = { settings: { kafkaBrokers: undefined } } as unknown as Runtime
const running: SensorPipelineSummary = { readingsPerSecond: 812.5, rejectsPerSecond: 0.2, lastCommitMs: 140, commitError: null, consumerLag: 35, topicMessagesPerSecond: 815, partitions: [0, 1] }

describe('the sensor source health check', () => {
  it('summarises the running pipeline', async () => {
    const health = await healthChecks(runtime, async () => running).sensorSource()
    expect(health).toEqual({ status: 'ok', message: 'embedded mode: no Kafka configured; 812.5 readings/s, 0.2 rejects/s, last commit 140 ms, lag 35', pipeline: running })
  })

  it('is degraded while catalog commits fail, naming why', async () => {
    const failing = { ...running, commitError: '2026-11-26T11:40:00.000Z: no space left on device' }
    const health = await healthChecks(runtime, async () => failing).sensorSource()
    expect(health.status).toBe('degraded')
    expect(health.message).toBe('embedded mode: no Kafka configured; catalog commits failing (2026-11-26T11:40:00.000Z: no space left on device); 812.5 readings/s, 0.2 rejects/s, last commit 140 ms, lag 35')
  })
})
