/**
 * The Kafka connection of a running cockpit, from its settings: brokers, TLS (with the CA file
 * read once, here) and SASL. Every Kafka client the server or the CLI opens is built from it.
 */
import { readFileSync } from 'node:fs'
import type { KafkaConnection } from '../jobs/index.ts'
import type { Settings } from './config/index.ts'
import { StartupError } from './startup-error.ts'

type KafkaSettings = Pick<Settings, 'kafkaSsl' | 'kafkaSslCa' | 'kafkaSaslMechanism' | 'kafkaSaslUsername' | 'kafkaSaslPassword'>

export function kafkaConnection(settings: KafkaSettings, brokers: string[]): KafkaConnection {
  const { kafkaSaslMechanism: mechanism, kafkaSaslUsername: username, kafkaSaslPassword: password } = settings
  const sasl = mechanism !== undefined && username !== undefined && password !== undefined ? { mechanism, username, password } : undefined
  if (!settings.kafkaSsl && sasl === undefined) return { brokers }
  return { brokers, security: { ssl: settings.kafkaSsl, ca: readCa(settings.kafkaSslCa), sasl } }
}

function readCa(file: string | undefined): string | undefined {
  if (file === undefined) return undefined
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new StartupError(`COCKPIT_KAFKA_SSL_CA: cannot read ${file}: ${(error as Error).message}`, { cause: error })
  }
}
