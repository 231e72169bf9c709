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

const saslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const

const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:9000' })

/** An origin as browsers write it: scheme, host, port — no path, user or query. */
const publicUrl = z
  .url({ protocol: /^https?$/, error: 'expected the http(s) URL browsers open the cockpit at, such as https://cockpit.plant.example' })
  .refine((value) => {
    // Zod runs this check even after the URL check failed; that failure is the one to report.
    if (!URL.canParse(value)) return true
    const parsed = new URL(value)
    return parsed.pathname === '/' && parsed.search === '' && parsed.hash === '' && parsed.username === '' && parsed.password === ''
  }, 'expected scheme://host[:port] only, without a path, user or query')

/** postgres:// or postgresql:// with a host and a database name. */
const databaseUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: 'expected postgres://user:password@host:5432/database' })
  .refine((value) => {
    if (!URL.canParse(value)) return true
    const parsed = new URL(value)
    return parsed.hostname !== '' && parsed.pathname.length > 1
  }, 'expected postgres://user:password@host:5432/database, with a host and a database name')

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
  kafkaWindowsTopic: z.string().min(1, 'expected a topic name'),
  kafkaSsl: z.enum(['true', 'false'], { error: 'expected true or false' }).transform((value) => value === 'true'),
  kafkaSslCa: z.string().min(1, 'expected a PEM file path').optional(),
  kafkaSaslMechanism: z.enum(saslMechanisms, { error: `expected one of ${saslMechanisms.join(', ')}` }).optional(),
  kafkaSaslUsername: z.string().min(1, 'expected a user name').optional(),
  kafkaSaslPassword: z.string().min(1, 'expected a password').optional(),
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
  databaseUrl: databaseUrl.optional(),
  s3Endpoint: url.optional(),
  s3Region: z.string().min(1, 'expected a region such as us-east-1'),
  mesSchedule: cron,
  simulator: z.enum(['true', 'false'], { error: 'expected true or false' }).transform((value) => value === 'true'),
  connectTimeoutMs: z.coerce
    .number({ error: 'expected a number of milliseconds between 100 and 600000' })
    .int('expected a number of milliseconds between 100 and 600000')
    .min(100, 'expected a number of milliseconds between 100 and 600000')
    .max(600_000, 'expected a number of milliseconds between 100 and 600000'),
  queryTimeoutMs: z.string().transform(durationMs).pipe(
    z.number({ error: 'expected a duration such as 30s, 500ms or 2m' }).min(100, 'expected at least 100ms').max(86_400_000, 'expected at most 24h'),
  ),
  sqlIsolation: z.enum(['namespace', 'process'], { error: 'expected namespace or process' }),
  sqlPerUser: z.coerce
    .number({ error: 'expected an integer between 1 and 16' })
    .int('expected an integer between 1 and 16')
    .min(1, 'expected an integer between 1 and 16')
    .max(16, 'expected an integer between 1 and 16'),
  icebergExport: z.enum(['true', 'false'], { error: 'expected true or false' }).transform((value) => value === 'true'),
  trustProxy: z.enum(['true', 'false'], { error: 'expected true or false' }).transform((value) => value === 'true'),
  chromium: z.string().min(1, 'expected the path of a Chromium executable'),
  smtpUrl: z.url({ protocol: /^smtps?$/, error: 'expected an SMTP URL such as smtp://mail.plant.example:25' }).optional(),
  smtpFrom: z.string().min(1, 'expected a sender such as Plant Cockpit <cockpit@plant.example>'),
  publicUrl: publicUrl.optional(),
}).superRefine(kafkaSecurityIsComplete)

export type Config = z.infer<typeof configSchema>
export type LogLevel = Config['logLevel']

/** Settings that only make sense together: each issue names the variable that is missing or stray. */
function kafkaSecurityIsComplete(config: { kafkaSsl: boolean; kafkaSslCa?: string; kafkaSaslMechanism?: string; kafkaSaslUsername?: string; kafkaSaslPassword?: string }, context: z.RefinementCtx): void {
  const { kafkaSaslMechanism: mechanism } = config
  if (mechanism !== undefined && config.kafkaSaslUsername === undefined) context.addIssue({ code: 'custom', path: ['kafkaSaslUsername'], message: `required with COCKPIT_KAFKA_SASL_MECHANISM=${mechanism}` })
  else if (mechanism !== undefined && config.kafkaSaslPassword === undefined) context.addIssue({ code: 'custom', path: ['kafkaSaslPassword'], message: `required with COCKPIT_KAFKA_SASL_MECHANISM=${mechanism}` })
  else if (mechanism === undefined && config.kafkaSaslUsername !== undefined) context.addIssue({ code: 'custom', path: ['kafkaSaslMechanism'], message: 'required with COCKPIT_KAFKA_SASL_USERNAME: plain, scram-sha-256 or scram-sha-512' })
  else if (config.kafkaSslCa !== undefined && !config.kafkaSsl) context.addIssue({ code: 'custom', path: ['kafkaSsl'], message: 'must be true when COCKPIT_KAFKA_SSL_CA is set' })
}

/** "30s", "500ms", "2m", "1h" or a bare number of seconds, in milliseconds; NaN when it is none of these. */
function durationMs(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value)
  if (match === null) return Number.NaN
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's']!
  return Math.round(Number(match[1]) * unit)
}

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
