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
