import { describe, expect, it } from 'vitest'
import { kafkaClientConfig } from './kafka-client.ts'

const brokers = ['k1:9093', 'k2:9093']

describe('kafkaClientConfig', () => {
  it('is plain brokers without security settings, keeping the caller’s extras', () => {
    const config = kafkaClientConfig('c', { brokers }, { connectionTimeout: 500 })
    expect(config).toEqual({ clientId: 'c', brokers, connectionTimeout: 500 })
  })

  it('turns on TLS with the system CAs, or with the configured CA', () => {
    expect(kafkaClientConfig('c', { brokers, security: { ssl: true } }).ssl).toBe(true)
    expect(kafkaClientConfig('c', { brokers, security: { ssl: true, ca: 'PEM' } }).ssl).toEqual({ ca: ['PEM'] })
    expect(kafkaClientConfig('c', { brokers, security: { ssl: false } }).ssl).toBeUndefined()
  })

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('passes SASL %s with its credentials, over TLS or not', (mechanism) => {
    const sasl = { mechanism, username: 'cockpit', password: 's3cret' }
    expect(kafkaClientConfig('c', { brokers, security: { ssl: false, sasl } })).toEqual({ clientId: 'c', brokers, sasl })
    expect(kafkaClientConfig('c', { brokers, security: { ssl: true, sasl } })).toEqual({ clientId: 'c', brokers, ssl: true, sasl })
  })
})
