/** What other folders may take from server/: the web app imports the API's types from here. */
export type { HealthReport, ComponentHealth, ComponentName, ComponentStatus } from './health/health.ts'
export type { Mode } from './config/index.ts'
export type { PublicSettings } from './routes/settings.ts'
export type { SqlResult, SqlColumn } from './sql/sql-service.ts'
export type { TableStats } from '../catalog/index.ts'
export type { JobRun, JobProgress, LiveSensor } from '../jobs/index.ts'
