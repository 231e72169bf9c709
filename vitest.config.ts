/**
 * Tests are grouped into projects by the real services they need, so that `npm test` starts a
 * service only when a selected test file needs it (vitest runs a project's globalSetup only
 * when the project has files to run):
 *   unit     — *.test.ts beside the code: pure logic, no services
 *   appdb    — the app-database tests (APP_DB_TESTS): each runs against SQLite and a real
 *              PostgreSQL (test/harness/app-databases.ts)
 *   system   — test/system: the real `cockpit` process, no outside services
 *   postgres — *.postgres.test.ts: the real `cockpit` process on a real PostgreSQL
 *   kafka    — *.kafka.test.ts: a real Kafka broker
 *   s3       — *.s3.test.ts: a real S3 server
 *   plant    — *.plant.test.ts: Kafka and S3 together
 *   browser  — *.browser.test.ts: Debian's Chromium against the served app
 *   engines  — test/iceberg: readers that are not ours (PyIceberg in a venv) on the catalog
 */
import { configDefaults, defineConfig } from 'vitest/config'

/** Tests of code over the app database, run against both databases it supports. */
const APP_DB_TESTS = [
  'db/app-db.test.ts',
  'jobs/job-runs.test.ts',
  'server/auth/sessions.test.ts',
  'server/auth/users.test.ts',
  'catalog/compact.test.ts',
  'catalog/commit.test.ts',
  'jobs/job-leases.test.ts',
  'jobs/scheduler-leases.test.ts',
  'jobs/maintenance-leases.test.ts',
  'jobs/sensors/source/replay/leased-replay.test.ts',
  'server/boards/board-versions.test.ts',
  'server/alerts/delivery-outbox.test.ts',
  'server/alerts/sql-rule-lease.test.ts',
  'server/auth/first-run.test.ts',
  'server/routes/auth.test.ts',
  'server/auth/login-throttle.test.ts',
  'server/health/app-db-probe.test.ts',
  'db/postgres-reconnect.test.ts',
  'server/routes/users.test.ts',
  'server/boards/catalog-watch.test.ts',
  'server/notebooks/notebook-store.test.ts',
  'jobs/kpi/kpi-debt.test.ts',
  'jobs/mes/ingest-mes.test.ts',
  'jobs/sensors/commit/batch-committer.test.ts',
  'catalog/stream-offsets.test.ts',
  'jobs/sensors/pipeline/partition-move.test.ts',
  'server/alerts/alert-engine-partitions.test.ts',
  'server/alerts/notifier-instances.test.ts',
  'server/boards/plant-overview.test.ts',
]

const serviceTimeouts = { testTimeout: 120_000, hookTimeout: 300_000 }

export default defineConfig({
  test: {
    // The lockfile pins the AWS SDK; its notice about future Node 22 releases is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{server,catalog,jobs,cells,alerts,db,web}/**/*.test.ts', 'test/architecture/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...APP_DB_TESTS],
        },
      },
      {
        extends: true,
        test: { name: 'appdb', include: APP_DB_TESTS, globalSetup: ['test/harness/setup/postgres.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/**/*.postgres.test.ts'],
          globalSetup: ['test/harness/setup/web.ts'],
          // Every answer of every system test is checked against the OpenAPI document and the error contract.
          setupFiles: ['test/harness/setup/api-contract.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.postgres.test.ts'],
          globalSetup: ['test/harness/setup/web.ts', 'test/harness/setup/postgres.ts'],
          setupFiles: ['test/harness/setup/api-contract.ts'],
          ...serviceTimeouts,
        },
      },
      {
        extends: true,
        test: {
          name: 'kafka',
          include: ['test/**/*.kafka.test.ts'],
          // Some serve the real cockpit, which needs the web app built (a no-op when it is fresh).
          globalSetup: ['test/harness/setup/web.ts', 'test/harness/setup/kafka.ts'],
          ...serviceTimeouts,
        },
      },
      {
        extends: true,
        test: { name: 's3', include: ['test/**/*.s3.test.ts'], globalSetup: ['test/harness/setup/s3.ts'], ...serviceTimeouts },
      },
      {
        extends: true,
        test: {
          name: 'plant',
          include: ['test/**/*.plant.test.ts'],
          globalSetup: ['test/harness/setup/web.ts', 'test/harness/setup/kafka.ts', 'test/harness/setup/s3.ts'],
          ...serviceTimeouts,
        },
      },
      {
        extends: true,
        test: { name: 'engines', include: ['test/iceberg/**/*.test.ts'], exclude: ['test/**/*.s3.test.ts'], ...serviceTimeouts },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          globalSetup: ['test/harness/setup/browser.ts'],
          ...serviceTimeouts,
        },
      },
    ],
  },
})
