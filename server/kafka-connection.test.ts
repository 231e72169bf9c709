import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadSettings } from './config/index.ts'
import { kafkaConnection } from './kafka-connection.ts'
import { StartupError } from './startup-error.ts'

const dir = mkdtempSync(join(tmpdir(), 'kafka-connection-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kafkaConnection', () => {
  it('is the brokers alone when no security is configured', () => {
    expect(kafkaConnection(loadSettings({}), ['k:9092'])).toEqual({ brokers: ['k:9092'] })
  })

  it('reads the CA file and carries the SASL credentials', () => {
    const ca = join(dir, 'ca.pem')
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n')
    const settings = loadSettings({ COCKPIT_KAFKA_SSL: 'true', COCKPIT_KAFKA_SSL_CA: ca, COCKPIT_KAFKA_SASL_MECHANISM: 'plain', COCKPIT_KAFKA_SASL_USERNAME: 'u', COCKPIT_KAFKA_SASL_PASSWORD: 'p' })
    expect(kafkaConnection(settings, ['k:9093'])).toEqual({
      brokers: ['k:9093'],
      security: { ssl: true, ca: '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n', sasl: { mechanism: 'plain', username: 'u', password: 'p' } },
    })
  })

  it('names the setting when the CA file cannot be read', () => {
    const settings = loadSettings({ COCKPIT_KAFKA_SSL: 'true', COCKPIT_KAFKA_SSL_CA: join(dir, 'missing.pem') })
    expect(() => kafkaConnection(settings, ['k:9093'])).toThrow(StartupError)
    expect(() => kafkaConnection(settings, ['k:9093'])).toThrow(/^COCKPIT_KAFKA_SSL_CA: cannot read .*missing\.pem/)
  })
})
