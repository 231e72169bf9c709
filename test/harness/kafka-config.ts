/**
 * The server.properties of the harness's single-node Kafka: one JVM that is both broker and
 * KRaft controller, listening on loopback only, with every replication setting at 1.
 */
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'

export interface KafkaConfigOptions {
  /** Where server.properties goes. */
  file: string
  /** log.dirs; the KRaft metadata log lives there too. */
  dataDir: string
  /** Port of the PLAINTEXT listener clients use. */
  port: number
  /** Port of the CONTROLLER listener, which only the node itself talks to. */
  controllerPort: number
  /** Adds a SASL_PLAINTEXT listener on this port: PLAIN and SCRAM-SHA-256/512 for `users`. */
  sasl?: KafkaSaslListener
}

export interface KafkaSaslListener {
  port: number
  /** User name → password. PLAIN reads them from this file; SCRAM from the storage, formatted with them. */
  users: Record<string, string>
}

/** `kafka-storage format` arguments that store the SCRAM credentials of the SASL users. */
export function scramFormatArgs(sasl: KafkaSaslListener | undefined): string[] {
  if (sasl === undefined) return []
  return Object.entries(sasl.users).flatMap(([name, password]) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${name},password=${password}]`]),
  )
}

export function writeKafkaConfig(options: KafkaConfigOptions): void {
  const host = '127.0.0.1'
  const settings: Record<string, string | number | boolean> = {
    'node.id': 1,
    'process.roles': 'broker,controller',
    // A static voter set rather than `format --standalone`: the controller's address then
    // comes from this file on every start, so a kept dataDir still works when the ports
    // (chosen fresh each start) change. --standalone would record the address in the log.
    'controller.quorum.voters': `1@${host}:${options.controllerPort}`,
    listeners: `PLAINTEXT://${host}:${options.port},CONTROLLER://${host}:${options.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${options.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    ...saslSettings(host, options),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': options.dataDir,
    'auto.create.topics.enable': true,
    'num.partitions': 1,
    // The defaults (3) cannot be met by one broker: the internal topics would never be
    // created and consumer groups, transactions and share groups would hang.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // The defaults (50) make the first consumer group wait while 50 partitions are created.
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.num.partitions': 1,
    // Without this a group waits 3 s for more members before its first rebalance.
    'group.initial.rebalance.delay.ms': 0,
  }
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`)
  writeFileSync(options.file, `# Written by test/harness/kafka-config.ts\n${lines.join('\n')}\n`)
}

/** The SASL_PLAINTEXT listener beside the PLAINTEXT one (which the harness and the broker itself keep using). */
function saslSettings(host: string, options: KafkaConfigOptions): Record<string, string> {
  const { sasl } = options
  if (sasl === undefined) return {}
  const plainUsers = Object.entries(sasl.users).map(([name, password]) => `user_${name}="${password}"`).join(' ')
  return {
    listeners: `PLAINTEXT://${host}:${options.port},SASL_PLAINTEXT://${host}:${sasl.port},CONTROLLER://${host}:${options.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${options.port},SASL_PLAINTEXT://${host}:${sasl.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  }
}

/**
 * A cluster id as `kafka-storage random-uuid` makes one: 16 random bytes, base64url without
 * padding. Kafka rejects ids whose text starts with "-" (they look like CLI flags).
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}
