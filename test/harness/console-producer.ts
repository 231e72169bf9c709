/**
 * Kafka's own console producer (from the broker's jars): a client that is not ours, for proving
 * that readings from any producer reach the cockpit. Each line of `lines` becomes one message.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ensureKafkaJars, javaBinary, kafkaInfraDir } from './kafka-jars.ts'

export async function consoleProduce(brokers: string, topic: string, lines: string[]): Promise<void> {
  const libs = await ensureKafkaJars()
  const child = spawn(
    javaBinary(),
    ['-Xmx256m', `-Dlog4j2.configurationFile=${join(kafkaInfraDir, 'log4j2.xml')}`, '-cp', join(libs, '*'), 'org.apache.kafka.tools.ConsoleProducer', '--bootstrap-server', brokers, '--topic', topic],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stdin.end(`${lines.join('\n')}\n`)
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`the console producer exited with ${code}:\n${output}`)
}
