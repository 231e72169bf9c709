/**
 * The zod schema of the cockpit's configuration. Raw values arrive as strings (from the
 * environment or flags); this schema normalises them once into a complete typed `Config`.
 */
import { Cron } from 'croner'
import { z } from 'zod'

const port = z.coerce
  .number({ error: 'expected an integer between 1 and 65535' })
  .int('expected an integer between 1 and 65535')
  .min(1, 'expected an integer between 1 and 65535')
  .max(65535, 'expected an integer between 1 and 65535')

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin or UTC')

const brokerList = z
  .string()
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .refine((brokers) => brokers.length > 0, 'expected at least one host:port')
  .refine((brokers) => brokers.every(isHostPort), 'expected a comma-separated list of host:port')

const location = z
  .string()
  .min(1, 'expected s3://bucket/prefix or a folder path')
  .refine((value) => !value.startsWith('s3://') || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(value), {
    error: 'expected s3://bucket/prefix with a valid bucket name',
  })

const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:9000' })

const cron = z.string().refine(isCron, 'expected a cron expression such as "0 * * * *"')

export const configSchema = z.object({
  port,
  host: z.string().min(1, 'expected a host name or IP address'),
  dataDir: z.string().min(1, 'expected a folder path'),
  logLevel: z.enum(logLevels, { error: `expected one of ${logLevels.join(', ')}` }),
  plantTz: timeZone,
  kafkaBrokers: brokerList.optional(),
  kafkaTopic: z.string().min(1, 'expected a topic name'),
  kafkaGroup: z.string().min(1, 'expected a consumer group name'),
  kafkaDlqTopic: z.string().min(1, 'expected a topic name').optional(),
  allowedLatenessMs: z.coerce
    .number({ error: 'expected milliseconds between 0 and 3600000' })
    .int('expected milliseconds between 0 and 3600000')
    .min(0, 'expected milliseconds between 0 and 3600000')
    .max(3_600_000, 'expected milliseconds between 0 and 3600000'),
  sensorCommitMs: z.coerce
    .number({ error: 'expected milliseconds between 100 and 600000' })
    .int('expected milliseconds between 100 and 600000')
    .min(100, 'expected milliseconds between 100 and 600000')
    .max(600_000, 'expected milliseconds between 100 and 600000'),
  mesSource: location.optional(),
  mesMapping: z.string().min(1, 'expected a file path').optional(),
  catalog: location.optional(),
  s3Endpoint: url.optional(),
  s3Region: z.string().min(1, 'expected a region such as us-east-1'),
  mesSchedule: cron,
  simulator: z.enum(['true', 'false'], { error: 'expected true or false' }).transform((value) => value === 'true'),
  connectTimeoutMs: z.coerce
    .number({ error: 'expected a number of milliseconds between 100 and 600000' })
    .int('expected a number of milliseconds between 100 and 600000')
    .min(100, 'expected a number of milliseconds between 100 and 600000')
    .max(600_000, 'expected a number of milliseconds between 100 and 600000'),
})

export type Config = z.infer<typeof configSchema>
export type LogLevel = Config['logLevel']

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

function isHostPort(value: string): boolean {
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value)
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535
}

function isCron(value: string): boolean {
  try {
    new Cron(value, { paused: true }).stop()
    return true
  } catch {
    return false
  }
}
