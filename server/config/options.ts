/**
 * Every setting of the cockpit, once: its environment variable, its CLI flag (if any), its
 * default and its meaning. The README's configuration table is generated from this list, so
 * the code and the documentation cannot drift apart.
 */

export interface OptionSpec {
  /** Key in the parsed config object. */
  key: string
  env: string
  /** Long CLI flag without the dashes, when the setting can be given on the command line. */
  flag?: string
  default?: string
  description: string
}

export const optionSpecs = [
  { key: 'port', env: 'COCKPIT_PORT', flag: 'port', default: '8080', description: 'HTTP port of the server.' },
  {
    key: 'host',
    env: 'COCKPIT_HOST',
    flag: 'host',
    default: '127.0.0.1',
    description: 'Interface to listen on; set 0.0.0.0 to serve the plant network.',
  },
  {
    key: 'dataDir',
    env: 'COCKPIT_DATA_DIR',
    flag: 'data-dir',
    default: './data',
    description: 'All local state: app database, DuckDB, catalog files, landing folder. Created on first run.',
  },
  {
    key: 'logLevel',
    env: 'COCKPIT_LOG_LEVEL',
    flag: 'log-level',
    default: 'info',
    description: 'One of fatal, error, warn, info, debug, trace, silent.',
  },
  {
    key: 'plantTz',
    env: 'COCKPIT_PLANT_TZ',
    default: 'UTC',
    description: 'IANA time zone of the plant: naive MES timestamps and plant-local days use it.',
  },
  {
    key: 'kafkaBrokers',
    env: 'COCKPIT_KAFKA_BROKERS',
    description: 'Comma-separated host:port list. Set it to read sensors from Kafka (plant mode).',
  },
  { key: 'kafkaTopic', env: 'COCKPIT_KAFKA_TOPIC', default: 'sensor-readings', description: 'Topic of sensor readings.' },
  { key: 'kafkaGroup', env: 'COCKPIT_KAFKA_GROUP', default: 'plant-cockpit', description: 'Kafka consumer group.' },
  {
    key: 'kafkaDlqTopic',
    env: 'COCKPIT_KAFKA_DLQ_TOPIC',
    description: 'Optional dead-letter topic: every rejected sensor message is also produced there, with its reason and origin in headers.',
  },
  {
    key: 'kafkaWindowsTopic',
    env: 'COCKPIT_KAFKA_WINDOWS_TOPIC',
    default: 'sensor-windows',
    description: 'Compacted topic through which instances of one consumer group share live windows, so each serves all sensors.',
  },
  { key: 'kafkaSsl', env: 'COCKPIT_KAFKA_SSL', default: 'false', description: 'Connect to Kafka with TLS (true or false).' },
  {
    key: 'kafkaSslCa',
    env: 'COCKPIT_KAFKA_SSL_CA',
    description: "PEM file of the CA that signed the brokers' certificates (with COCKPIT_KAFKA_SSL=true); default: the system CAs.",
  },
  {
    key: 'kafkaSaslMechanism',
    env: 'COCKPIT_KAFKA_SASL_MECHANISM',
    description: 'SASL authentication to Kafka: plain, scram-sha-256 or scram-sha-512 (needs username and password).',
  },
  { key: 'kafkaSaslUsername', env: 'COCKPIT_KAFKA_SASL_USERNAME', description: 'SASL user name.' },
  { key: 'kafkaSaslPassword', env: 'COCKPIT_KAFKA_SASL_PASSWORD', description: 'SASL password.' },
  {
    key: 'allowedLatenessMs',
    env: 'COCKPIT_ALLOWED_LATENESS',
    default: '30000',
    description: 'How late (ms of event time) a sensor reading may arrive and still count in its live one-minute window.',
  },
  {
    key: 'sensorCommitMs',
    env: 'COCKPIT_SENSOR_COMMIT_MS',
    default: '5000',
    description: 'Sensor readings are committed to the catalog at most this often (ms), or every 50,000 messages; a batch that comes due while a commit runs keeps filling (up to 200,000) until that commit ends.',
  },
  {
    key: 'mesSource',
    env: 'COCKPIT_MES_SOURCE',
    description: 'Where MES dumps land: s3://bucket/prefix or a local folder. Default: <data dir>/landing.',
  },
  {
    key: 'mesMapping',
    env: 'COCKPIT_MES_MAPPING',
    description: 'JSON file mapping other MES layouts and column names onto the datasets (see docs/ingestion.md).',
  },
  {
    key: 'catalog',
    env: 'COCKPIT_CATALOG',
    description: 'Where catalog Parquet files live: s3://bucket/prefix or a local folder. Default: <data dir>/catalog.',
  },
  {
    key: 'databaseUrl',
    env: 'COCKPIT_DATABASE_URL',
    description:
      'Put the app database (users, sessions, notebooks, boards, alerts, job runs, catalog metadata) in PostgreSQL: postgres://user:password@host:5432/database (libpq parameters such as ?sslmode=require work). Default: SQLite in <data dir>/app.sqlite.',
  },
  {
    key: 's3Endpoint',
    env: 'COCKPIT_S3_ENDPOINT',
    description: 'Endpoint of an S3-compatible store (MinIO, SeaweedFS, …); unset for AWS S3.',
  },
  { key: 's3Region', env: 'COCKPIT_S3_REGION', default: 'us-east-1', description: 'S3 region.' },
  {
    key: 'mesSchedule',
    env: 'COCKPIT_MES_SCHEDULE',
    default: '0 * * * *',
    description: 'Cron expression for the MES ingestion job (default hourly).',
  },
  {
    key: 'simulator',
    env: 'COCKPIT_SIMULATOR',
    default: 'true',
    description: 'In embedded mode, let the built-in plant simulator fill the landing folder with daily MES dumps (true or false).',
  },
  {
    key: 'connectTimeoutMs',
    env: 'COCKPIT_CONNECT_TIMEOUT_MS',
    default: '10000',
    description: 'How long to wait for Kafka or S3 to answer at start before giving up.',
  },
  {
    key: 'queryTimeoutMs',
    env: 'COCKPIT_QUERY_TIMEOUT',
    default: '30s',
    description: 'Time limit of one SQL query (e.g. 30s, 500ms, 2m; a bare number is seconds); the query is stopped, and its worker killed if it does not stop.',
  },
  {
    key: 'sqlIsolation',
    env: 'COCKPIT_SQL_ISOLATION',
    default: 'namespace',
    description: 'namespace: SQL workers see the catalog read-only in their own mount namespace (needs unshare); process: the weaker fallback without it (docs/sql-service.md).',
  },
  {
    key: 'sqlPerUser',
    env: 'COCKPIT_SQL_PER_USER',
    default: '2',
    description: 'SQL queries one user may have running at once; more wait in their own queue (up to 8, then 503 busy with Retry-After), so one user cannot starve the others. The server runs one SQL worker more than this (docs/sql-service.md).',
  },
  {
    key: 'icebergExport',
    env: 'COCKPIT_ICEBERG_EXPORT',
    default: 'false',
    description: 'Publish the catalog as Apache Iceberg tables after every commit, registered in an Iceberg SQL catalog in the app database, so PyIceberg, Spark or Trino can read it (true or false; docs/iceberg.md).',
  },
  {
    key: 'trustProxy',
    env: 'COCKPIT_TRUST_PROXY',
    default: 'false',
    description: 'Behind a reverse proxy that terminates HTTPS: believe its X-Forwarded-For/-Proto/-Host headers (true or false).',
  },
  {
    key: 'chromium',
    env: 'COCKPIT_CHROMIUM',
    default: '/usr/bin/chromium',
    description: 'The Chromium (or Chrome) executable that renders board exports as PDF or PNG, headless; without it those exports answer 503 naming this setting.',
  },
  {
    key: 'smtpUrl',
    env: 'COCKPIT_SMTP_URL',
    description: 'The SMTP server alert e-mails are sent through: smtp://[user:password@]host:port, or smtps://… for TLS from the start. Without it, e-mail contacts keep their messages waiting, undelivered (docs/alerts.md).',
  },
  {
    key: 'smtpFrom',
    env: 'COCKPIT_SMTP_FROM',
    default: 'Plant Cockpit <cockpit@localhost>',
    description: 'The sender of alert e-mails.',
  },
  {
    key: 'publicUrl',
    env: 'COCKPIT_PUBLIC_URL',
    description:
      'The origin browsers open the cockpit at (scheme://host[:port], e.g. https://cockpit.plant.example): requests that change something must carry it as Origin, and the OpenAPI document names it. Default: http://HOST:PORT (any loopback name on a loopback HOST; behind COCKPIT_TRUST_PROXY the forwarded proto and host; on 0.0.0.0 the Host of each request — set it there).',
  },
] as const satisfies readonly OptionSpec[]

export type OptionKey = (typeof optionSpecs)[number]['key']
