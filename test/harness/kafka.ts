/**
 * A real single-node Apache Kafka (KRaft, broker and controller in one JVM) for tests and
 * for people: formats its storage, starts it on free loopback ports, waits until a kafkajs
 * admin client sees the broker, and stops it again. Jars: ./kafka-jars.ts; config:
 * ./kafka-config.ts.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Kafka, logLevel } from 'kafkajs'
import { randomClusterId, scramFormatArgs, writeKafkaConfig } from './kafka-config.ts'
import { ensureKafkaJars, javaBinary, kafkaInfraDir } from './kafka-jars.ts'
import { freePort } from './ports.ts'
import { startServiceProcess, waitUntilReady } from './service-process.ts'

export { ensureKafkaJars } from './kafka-jars.ts'

export interface KafkaOptions {
  /** Client port; a free one by default. The controller port is always a free one. */
  port?: number
  /** Data directory to use and keep; by default a temp dir that stop() removes. */
  dataDir?: string
  /** Broker output; by default inside the temp dir (so removed by stop()). */
  logFile?: string
  /** Also listen with SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256/512) for these users, on a free port. */
  saslUsers?: Record<string, string>
}

export interface KafkaBroker {
  /** "127.0.0.1:PORT", for kafkajs `brokers: [..]` or a bootstrap.servers setting. */
  brokers: string
  /** The SASL_PLAINTEXT listener's "127.0.0.1:PORT", when `saslUsers` was given. */
  saslBrokers?: string
  stop(): Promise<void>
}

const startTimeoutMs = 60_000

export async function startKafka(options: KafkaOptions = {}): Promise<KafkaBroker> {
  const libs = await ensureKafkaJars()
  const port = options.port ?? (await freePort())
  let controllerPort = await freePort()
  while (controllerPort === port) controllerPort = await freePort()
  let saslPort = options.saslUsers === undefined ? undefined : await freePort()
  while (saslPort !== undefined && (saslPort === port || saslPort === controllerPort)) saslPort = await freePort()
  const sasl = saslPort === undefined || options.saslUsers === undefined ? undefined : { port: saslPort, users: options.saslUsers }

  const workDir = mkdtempSync(join(tmpdir(), 'kafka-harness-'))
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true })
  const dataDir = options.dataDir ?? join(workDir, 'data')
  const configFile = join(workDir, 'server.properties')
  const logFile = options.logFile ?? join(workDir, 'kafka.log')
  mkdirSync(dataDir, { recursive: true })
  writeKafkaConfig({ file: configFile, dataDir, port, controllerPort, sasl })

  const java = javaBinary()
  const jvm = [
    // Kafka's own scripts use 1 GB; a test broker with a handful of topics needs far less.
    '-Xms64m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    // Most of a start is JIT-compiling Scala; C1 only gets the broker listening sooner.
    '-XX:TieredStopAtLevel=1',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    // Without a config log4j2 prints a warning and logs only errors; ours keeps WARN+ and
    // the "started" line (see the file for why).
    `-Dlog4j2.configurationFile=${join(kafkaInfraDir, 'log4j2.xml')}`,
    '-cp',
    // Expanded by the JVM itself, not by a shell.
    join(libs, '*'),
  ]

  try {
    // KRaft refuses to start on unformatted storage; a kept dataDir is formatted already.
    if (!existsSync(join(dataDir, 'meta.properties'))) {
      await formatStorage(java, [...jvm, 'kafka.tools.StorageTool'], configFile, scramFormatArgs(sasl))
    }
  } catch (error) {
    removeWorkDir()
    throw error
  }

  const service = startServiceProcess({
    name: 'kafka',
    command: java,
    args: [...jvm, 'kafka.Kafka', configFile],
    cwd: workDir,
    logFile,
  })
  const brokers = `127.0.0.1:${port}`
  try {
    await waitUntilReady(service, () => brokerIsUp(brokers), startTimeoutMs)
  } catch (error) {
    await service.stop(2_000)
    removeWorkDir()
    throw error
  }

  return {
    brokers,
    saslBrokers: sasl === undefined ? undefined : `127.0.0.1:${sasl.port}`,
    async stop() {
      await service.stop()
      removeWorkDir()
    },
  }
}

async function formatStorage(java: string, storageTool: string[], configFile: string, extra: string[]): Promise<void> {
  try {
    await promisify(execFile)(java, [...storageTool, 'format', '--cluster-id', randomClusterId(), '--config', configFile, ...extra])
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`kafka storage format failed: ${`${stdout}\n${stderr}`.trim() || message}`)
  }
}

/**
 * Ready means a client can bootstrap, the broker is registered (listed in metadata), and
 * the group coordinator answers: asking about a group creates __consumer_offsets, and until
 * it is loaded the first consumer of every test would fail its join and log errors.
 */
async function brokerIsUp(brokers: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'kafka-harness-probe',
    brokers: [brokers],
    // Refused connections are expected until the broker listens; the poll loop retries.
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1_000,
  }).admin()
  try {
    await admin.connect()
    const cluster = await admin.describeCluster()
    if (cluster.brokers.length === 0) return false
    await admin.describeGroups(['kafka-harness-probe'])
    return true
  } finally {
    await admin.disconnect().catch(() => undefined)
  }
}
