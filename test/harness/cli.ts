/**
 * `npm run kafka`, `npm run s3` and `npm run postgres`: the harness's real services for people
 * trying the Kafka, S3 or PostgreSQL path by hand. Prints how to point the cockpit at the service and runs until Ctrl-C.
 */
import { startKafka } from './kafka.ts'
import { startPostgres } from './postgres.ts'
import { MOTO_VERSION, startS3 } from './s3.ts'

interface Service {
  stop(): Promise<void>
}

async function startService(name: string | undefined, port: number | undefined): Promise<Service> {
  if (name === 'kafka') {
    const broker = await startKafka(port === undefined ? {} : { port })
    console.log(`Kafka broker (KRaft, single node) listening on ${broker.brokers}`)
    console.log(`  COCKPIT_KAFKA_BROKERS=${broker.brokers}`)
    console.log('  data is in a temporary folder removed on exit; Ctrl-C stops the broker')
    return broker
  }
  if (name === 's3') {
    const server = await startS3(port === undefined ? {} : { port })
    console.log(`S3 server (moto ${MOTO_VERSION}) listening on ${server.endpoint}`)
    console.log(
      `  COCKPIT_S3_ENDPOINT=${server.endpoint} COCKPIT_S3_REGION=${server.region} ` +
        `AWS_ACCESS_KEY_ID=${server.accessKeyId} AWS_SECRET_ACCESS_KEY=${server.secretAccessKey}`,
    )
    console.log('  data is in memory only; Ctrl-C stops the server')
    return server
  }
  if (name === 'postgres') {
    const server = await startPostgres(port === undefined ? {} : { port })
    console.log(`PostgreSQL (a throw-away cluster) listening on 127.0.0.1:${server.port}`)
    console.log(`  COCKPIT_DATABASE_URL=${server.url}`)
    console.log('  data is in a temporary folder removed on exit; Ctrl-C stops the server')
    return server
  }
  throw new Error(`usage: tsx test/harness/cli.ts kafka|s3|postgres [port] (got ${JSON.stringify(name)})`)
}

async function main(): Promise<void> {
  const [name, portArg] = process.argv.slice(2)
  const port = portArg === undefined ? undefined : Number(portArg)
  const service = await startService(name, port)
  // Ctrl-C under `npm run` reaches this process twice (from the terminal and relayed by tsx):
  // the second must not end it before the service is stopped and its folder removed.
  let stopping = false
  const shutdown = (): void => {
    if (stopping) return
    stopping = true
    void service.stop().then(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
