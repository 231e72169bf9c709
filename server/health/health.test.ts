import { describe, expect, it } from 'vitest'
import { checkHealth, type HealthCheck } from './health.ts'

const ok: HealthCheck = async () => ({ status: 'ok', message: 'fine' })

describe('checkHealth', () => {
  it('is ok when every component is ok', async () => {
    const report = await checkHealth({
      version: '1.2.3',
      mode: 'embedded',
      timeoutMs: 100,
      checks: { appDb: ok, catalog: ok, sensorSource: ok, mesSource: ok },
    })
    expect(report).toEqual({
      status: 'ok',
      version: '1.2.3',
      mode: 'embedded',
      components: {
        appDb: { status: 'ok', message: 'fine' },
        catalog: { status: 'ok', message: 'fine' },
        sensorSource: { status: 'ok', message: 'fine' },
        mesSource: { status: 'ok', message: 'fine' },
      },
    })
  })

  it('is degraded when a source is down, and reports the thrown message', async () => {
    const report = await checkHealth({
      version: '1',
      mode: 'plant',
      timeoutMs: 100,
      checks: {
        appDb: ok,
        catalog: ok,
        sensorSource: async () => {
          throw new Error('Kafka at k1:9092 is not reachable: ECONNREFUSED')
        },
        mesSource: ok,
      },
    })
    expect(report.status).toBe('degraded')
    expect(report.components.sensorSource).toEqual({ status: 'down', message: 'Kafka at k1:9092 is not reachable: ECONNREFUSED' })
  })

  it('is down when the catalog is down, and bounds a hanging check in time', async () => {
    const report = await checkHealth({
      version: '1',
      mode: 'plant',
      timeoutMs: 50,
      checks: { appDb: ok, catalog: () => new Promise(() => {}), sensorSource: ok, mesSource: ok },
    })
    expect(report.status).toBe('down')
    expect(report.components.catalog).toEqual({ status: 'down', message: 'no answer within 50 ms' })
  })
})
