/** What other folders may take from server/: the web app imports the API's types from here. */
export type { HealthReport, ComponentHealth, ComponentName, ComponentStatus } from './health/health.ts'
export type { Mode } from './config/index.ts'
export type { PublicSettings } from './routes/settings.ts'
export type { SqlResult } from './sql/sql-service.ts'
export type { ResultColumn as SqlColumn } from './sql/worker-protocol.ts'
export type { SqlErrorBody } from './sql/sql-errors.ts'
export type { TableStats } from '../catalog/index.ts'
export type { JobRun, JobProgress, LiveSensor } from '../jobs/index.ts'
