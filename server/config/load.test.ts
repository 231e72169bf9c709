import { describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { ConfigError, loadSettings } from './index.ts'

describe('loadSettings', () => {
  it('gives embedded defaults with nothing set', () => {
    const settings = loadSettings({})
    expect(settings).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      logLevel: 'info',
      plantTz: 'UTC',
      mode: 'embedded',
      mesSource: resolve('./data/landing'),
      catalog: resolve('./data/catalog'),
      kafkaTopic: 'sensor-readings',
      mesSchedule: '0 * * * *',
    })
    expect(settings.kafkaBrokers).toBeUndefined()
  })

  it('lets flags win over the environment', () => {
    const settings = loadSettings({ COCKPIT_PORT: '9000', COCKPIT_DATA_DIR: '/tmp/a' }, { port: '9100' })
    expect(settings.port).toBe(9100)
    expect(settings.dataDir).toBe('/tmp/a')
  })

  it('switches to plant mode when Kafka or S3 is configured', () => {
    expect(loadSettings({ COCKPIT_KAFKA_BROKERS: 'k1:9092, k2:9092' })).toMatchObject({
      mode: 'plant',
      kafkaBrokers: ['k1:9092', 'k2:9092'],
    })
    expect(loadSettings({ COCKPIT_MES_SOURCE: 's3://mes-dumps/daily' }).mode).toBe('plant')
    expect(loadSettings({ COCKPIT_CATALOG: 's3://lake/catalog' }).catalog).toBe('s3://lake/catalog')
  })

  it('reads the Kafka security settings of a real cluster', () => {
    const settings = loadSettings({
      COCKPIT_KAFKA_BROKERS: 'k1:9093',
      COCKPIT_KAFKA_SSL: 'true',
      COCKPIT_KAFKA_SSL_CA: '/etc/kafka/ca.pem',
      COCKPIT_KAFKA_SASL_MECHANISM: 'scram-sha-256',
      COCKPIT_KAFKA_SASL_USERNAME: 'cockpit',
      COCKPIT_KAFKA_SASL_PASSWORD: 's3cret',
    })
    expect(settings).toMatchObject({ kafkaSsl: true, kafkaSslCa: '/etc/kafka/ca.pem', kafkaSaslMechanism: 'scram-sha-256', kafkaSaslUsername: 'cockpit', kafkaSaslPassword: 's3cret' })
    expect(loadSettings({}).kafkaSsl).toBe(false)
  })

  it('reads a PostgreSQL app database URL and hides its password when it is invalid', () => {
    expect(loadSettings({}).databaseUrl).toBeUndefined()
    const url = 'postgres://cockpit:s3cret@db.plant.example:5432/cockpit?sslmode=require'
    expect(loadSettings({ COCKPIT_DATABASE_URL: url })).toMatchObject({ databaseUrl: url, mode: 'embedded' })
    expect(loadSettings({ COCKPIT_DATABASE_URL: 'postgresql://db/cockpit' }).databaseUrl).toBe('postgresql://db/cockpit')
    expect(() => loadSettings({ COCKPIT_DATABASE_URL: 'mysql://cockpit:s3cret@db/cockpit' })).toThrow(
      'invalid configuration: COCKPIT_DATABASE_URL="mysql://cockpit:***@db/cockpit": expected postgres://user:password@host:5432/database',
    )
    expect(() => loadSettings({ COCKPIT_DATABASE_URL: 'postgres://cockpit:s3cret@db.plant.example' })).toThrow(/with a host and a database name/)
  })

  it('reads the SQL time limit as a duration and the sandbox isolation', () => {
    expect(loadSettings({})).toMatchObject({ queryTimeoutMs: 30_000, sqlIsolation: 'namespace' })
    expect(loadSettings({ COCKPIT_QUERY_TIMEOUT: '2m' }).queryTimeoutMs).toBe(120_000)
    expect(loadSettings({ COCKPIT_QUERY_TIMEOUT: '750ms' }).queryTimeoutMs).toBe(750)
    expect(loadSettings({ COCKPIT_QUERY_TIMEOUT: '45' }).queryTimeoutMs).toBe(45_000)
    expect(loadSettings({ COCKPIT_SQL_ISOLATION: 'process' }).sqlIsolation).toBe('process')
    expect(loadSettings({}).sqlPerUser).toBe(2)
    expect(loadSettings({ COCKPIT_SQL_PER_USER: '4' }).sqlPerUser).toBe(4)
  })

  it('reads the public origin, unset by default (the listen address then stands for it)', () => {
    expect(loadSettings({}).publicUrl).toBeUndefined()
    expect(loadSettings({ COCKPIT_PUBLIC_URL: 'https://cockpit.plant.example' }).publicUrl).toBe('https://cockpit.plant.example')
    expect(loadSettings({ COCKPIT_PUBLIC_URL: 'http://10.0.0.5:8080/' }).publicUrl).toBe('http://10.0.0.5:8080/')
  })

  it.each([
    [{ COCKPIT_PORT: 'abc' }, {}, 'COCKPIT_PORT="abc": expected an integer between 1 and 65535'],
    [{ COCKPIT_QUERY_TIMEOUT: 'soon' }, {}, 'COCKPIT_QUERY_TIMEOUT="soon": expected a duration such as 30s, 500ms or 2m'],
    [{ COCKPIT_QUERY_TIMEOUT: '10ms' }, {}, 'COCKPIT_QUERY_TIMEOUT="10ms": expected at least 100ms'],
    [{ COCKPIT_SQL_ISOLATION: 'none' }, {}, 'COCKPIT_SQL_ISOLATION="none": expected namespace or process'],
    [{ COCKPIT_SQL_PER_USER: '0' }, {}, 'COCKPIT_SQL_PER_USER="0": expected an integer between 1 and 16'],
    [{ COCKPIT_PUBLIC_URL: 'cockpit.plant' }, {}, 'COCKPIT_PUBLIC_URL="cockpit.plant": expected the http(s) URL browsers open the cockpit at'],
    [{ COCKPIT_PUBLIC_URL: 'https://cockpit.plant/app' }, {}, 'COCKPIT_PUBLIC_URL="https://cockpit.plant/app": expected scheme://host[:port] only, without a path, user or query'],
    [{ COCKPIT_PUBLIC_URL: 'https://me@cockpit.plant' }, {}, 'COCKPIT_PUBLIC_URL="https://me@cockpit.plant": expected scheme://host[:port] only'],
    [{ COCKPIT_PORT: '70000' }, {}, 'COCKPIT_PORT="70000": expected an integer between 1 and 65535'],
    [{}, { port: '1.5' }, '--port="1.5": expected an integer between 1 and 65535'],
    [{ COCKPIT_LOG_LEVEL: 'loud' }, {}, 'COCKPIT_LOG_LEVEL="loud": expected one of fatal, error, warn, info, debug, trace, silent'],
    [{ COCKPIT_PLANT_TZ: 'Mars/Olympus' }, {}, 'COCKPIT_PLANT_TZ="Mars/Olympus": expected an IANA time zone'],
    [{ COCKPIT_KAFKA_BROKERS: 'localhost' }, {}, 'COCKPIT_KAFKA_BROKERS="localhost": expected a comma-separated list of host:port'],
    [{ COCKPIT_MES_SOURCE: 's3://A_B' }, {}, 'COCKPIT_MES_SOURCE="s3://A_B": expected s3://bucket/prefix'],
    [{ COCKPIT_S3_ENDPOINT: 'minio:9000' }, {}, 'COCKPIT_S3_ENDPOINT="minio:9000": expected an http(s) URL'],
    [{ COCKPIT_MES_SCHEDULE: 'every hour' }, {}, 'COCKPIT_MES_SCHEDULE="every hour": expected a cron expression'],
    [{ COCKPIT_CONNECT_TIMEOUT_MS: '5' }, {}, 'COCKPIT_CONNECT_TIMEOUT_MS="5": expected a number of milliseconds'],
    [{ COCKPIT_ALLOWED_LATENESS: '-1' }, {}, 'COCKPIT_ALLOWED_LATENESS="-1": expected milliseconds between 0 and 3600000'],
    [{ COCKPIT_SENSOR_COMMIT_MS: 'often' }, {}, 'COCKPIT_SENSOR_COMMIT_MS="often": expected milliseconds between 100 and 600000'],
    [{ COCKPIT_KAFKA_SSL: 'yes' }, {}, 'COCKPIT_KAFKA_SSL="yes": expected true or false'],
    [{ COCKPIT_KAFKA_SASL_MECHANISM: 'gssapi' }, {}, 'COCKPIT_KAFKA_SASL_MECHANISM="gssapi": expected one of plain, scram-sha-256, scram-sha-512'],
    [{ COCKPIT_KAFKA_SASL_MECHANISM: 'plain' }, {}, 'COCKPIT_KAFKA_SASL_USERNAME="": required with COCKPIT_KAFKA_SASL_MECHANISM=plain'],
    [{ COCKPIT_KAFKA_SASL_MECHANISM: 'scram-sha-512', COCKPIT_KAFKA_SASL_USERNAME: 'u' }, {}, 'COCKPIT_KAFKA_SASL_PASSWORD="": required with COCKPIT_KAFKA_SASL_MECHANISM=scram-sha-512'],
    [{ COCKPIT_KAFKA_SASL_USERNAME: 'u', COCKPIT_KAFKA_SASL_PASSWORD: 'p' }, {}, 'COCKPIT_KAFKA_SASL_MECHANISM="": required with COCKPIT_KAFKA_SASL_USERNAME'],
    [{ COCKPIT_KAFKA_SSL_CA: '/etc/ca.pem' }, {}, 'COCKPIT_KAFKA_SSL (default)="false": must be true when COCKPIT_KAFKA_SSL_CA is set'],
  ])('rejects %j %j with one line naming the variable, value and what is allowed', (env, flags, message) => {
    let thrown: unknown
    try {
      loadSettings(env, flags)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect((thrown as Error).message).toContain(message)
    expect((thrown as Error).message).not.toContain('\n')
  })
})
