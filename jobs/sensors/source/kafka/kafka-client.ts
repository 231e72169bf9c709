/**
 * The one place a kafkajs client configuration is built, so that every client the cockpit opens
 * (consumer group, probe, dead-letter and windows producers, the windows tail, `cockpit replay`)
 * talks to a real cluster the same way: brokers plus TLS and SASL when configured.
 */
import type { KafkaConfig, SASLOptions } from 'kafkajs'

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512'

export interface KafkaSecurity {
  /** Connect with TLS. */
  ssl: boolean
  /** PEM text of the CA that signed the brokers' certificates; the system CAs when absent. */
  ca?: string
  sasl?: { mechanism: SaslMechanism; username: string; password: string }
}

export interface KafkaConnection {
  brokers: string[]
  security?: KafkaSecurity
}

/** kafkajs options for a client of `connection`; `extra` (timeouts, retries, logging) is kept. */
export function kafkaClientConfig(clientId: string, connection: KafkaConnection, extra: Omit<KafkaConfig, 'clientId' | 'brokers' | 'ssl' | 'sasl'> = {}): KafkaConfig {
  const config: KafkaConfig = { ...extra, clientId, brokers: connection.brokers }
  const security = connection.security
  if (security === undefined) return config
  if (security.ssl) config.ssl = security.ca === undefined ? true : { ca: [security.ca] }
  if (security.sasl !== undefined) config.sasl = saslOptions(security.sasl)
  return config
}

function saslOptions(sasl: NonNullable<KafkaSecurity['sasl']>): SASLOptions {
  const { username, password } = sasl
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password }
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password }
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password }
  }
}
