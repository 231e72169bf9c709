/** What other folders may take from server/: the web app imports the API's types from here. */
export type { HealthReport, ComponentHealth, ComponentName, ComponentStatus } from './health/health.ts'
export type { Mode } from './config/index.ts'
