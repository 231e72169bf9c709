/** Table types of the app database, as kysely sees them. Each migration that adds a table adds it here. */
import type { Generated } from 'kysely'

export interface InstanceTable {
  id: Generated<number>
  created_at: string
  /** The cockpit version that created this database. */
  created_by_version: string
}

export interface JobRunsTable {
  id: Generated<number>
  job: string
  /** schedule | manual | cli | start */
  trigger: string
  /** running | succeeded | failed */
  status: string
  started_at: string
  finished_at: string | null
  /** JSON: the latest progress report. */
  progress: string | null
  /** JSON: counts by dataset and outcome. */
  summary: string | null
  error: string | null
  /** JSON: the process running the run (migration 0008); null for runs from before it. */
  owner: string | null
}

export interface CatalogTablesTable {
  name: string
  layer: string
  /** JSON: [{ name, type }] in DuckDB types. */
  columns: string
  /** JSON: natural key columns; the latest version of a key wins in the table's view. */
  key_columns: string | null
  /** JSON: columns (descending) that decide which version of a key is latest. */
  order_columns: string | null
  schema_version: number
  created_at: string
  updated_at: string
}

export interface CatalogSnapshotsTable {
  id: Generated<number>
  committed_at: string
  job_run_id: number | null
  operation: string
  /** JSON: names of the tables this snapshot changed. */
  tables: string
  summary: string | null
}

export interface CatalogFilesTable {
  id: Generated<number>
  table_name: string
  /** Storage key, relative to the catalog's root. */
  path: string
  row_count: number
  byte_size: number
  /** e.g. the plant-local day of a KPI file, so a rebuild can replace just that day. */
  partition_key: string | null
  added_snapshot: number
  removed_snapshot: number | null
  /** How to read a file that is not Parquet: a SELECT with a `{path}` placeholder (migration 0007). */
  reader: string | null
}

export interface CatalogLineageTable {
  id: Generated<number>
  snapshot_id: number
  table_name: string
  /** s3-object | local-file | kafka | table */
  source_kind: string
  source: string
  /** ETag, offsets range or snapshot id. */
  source_version: string | null
  detail: string | null
}

export interface CatalogQualityTable {
  id: Generated<number>
  snapshot_id: number
  table_name: string
  check_name: string
  /** pass | warn | fail */
  status: string
  observed: number | null
  detail: string | null
}

export interface IngestedObjectsTable {
  source: string
  object_key: string
  etag: string
  last_modified: string
  size: number
  dataset: string | null
  /** ingested | quarantined */
  status: string
  rows_accepted: number
  rows_quarantined: number
  snapshot_id: number
  job_run_id: number | null
}

export interface StreamOffsetsTable {
  consumer: string
  topic: string
  partition: number
  /** Kafka offsets are 64-bit: kept as text. */
  next_offset: string
  snapshot_id: number
}

/** Work a commit made due on a derived table, until a commit pays it (migration 0008). */
export interface DerivedDebtTable {
  id: Generated<number>
  /** The derived tables owed, e.g. `kpi`. */
  target: string
  /** The commit that made it due. */
  snapshot_id: number
  /** Event-time range (ISO instants) to recompute; both null: everything. */
  range_min: string | null
  range_max: string | null
}

export interface UsersTable {
  id: Generated<number>
  username: string
  /** argon2id PHC string. */
  password_hash: string
  role: string
  /** 1 when an admin disabled the account: it cannot sign in and its sessions and tokens stop working. */
  disabled: Generated<number>
  created_at: string
}

export interface SessionsTable {
  id: string
  /** Hex SHA-256 of the token's secret part. */
  secret_hash: string
  user_id: number
  created_at: string
  /** Epoch milliseconds. */
  expires_at: number
}

export interface ApiTokensTable {
  id: string
  secret_hash: string
  user_id: number
  name: string
  role: string
  created_at: string
  last_used_at: string | null
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  /** Username of who acted; null for anonymous attempts. */
  actor: string | null
  action: string
  target: string | null
  ip: string | null
  /** JSON. */
  detail: string | null
}

export interface SavedQueriesTable {
  id: Generated<number>
  name: string
  sql: string
  description: Generated<string>
  /** JSON: [{ name, type }] of the result when the query was saved. */
  columns: string
  /** Username of who saved it. */
  created_by: string | null
  created_at: string
}

export interface NotebooksTable {
  id: Generated<number>
  /** The file's first heading, for lists and search. */
  title: string
  /** Username of who created it. */
  owner: string
  created_at: string
  updated_at: string
  /** Username of who saved the current version. */
  updated_by: string
  /** The current version's number (notebook_versions.version). */
  version: number
}

export interface NotebookVersionsTable {
  notebook_id: number
  version: number
  /** The notebook's Markdown file, byte for byte as saved. */
  text: string
  author: string
  created_at: string
  /** What changed against the version before ("added oee; changed worst"). */
  summary: string
}

export interface BoardsTable {
  id: Generated<number>
  title: string
  owner: string
  created_at: string
  updated_at: string
  updated_by: string
  /** The draft's revision; a save names it as its base (migration 0010). */
  revision: number
  /** JSON of the draft: {title, inputs, tiles}. */
  definition: string
  /** The latest published version, or null. */
  published_version: number | null
}

export interface BoardVersionsTable {
  board_id: number
  version: number
  /** JSON of the published {title, inputs, tiles}. */
  definition: string
  /** JSON {"<notebook id>": {version, text}}: the notebook files frozen with the version. */
  notebooks: string
  published_at: string
  published_by: string
}

export interface KioskLinksTable {
  id: string
  /** Hex SHA-256 of the token's secret part. */
  secret_hash: string
  name: string
  /** JSON: board ids in rotation order. */
  boards: string
  rotate_seconds: number
  created_by: string
  created_at: string
  expires_at: string
  last_used_at: string | null
}

/** Alert rules (migration 0011): the spec as JSON, its version, enabled. */
export interface AlertRulesTable {
  id: Generated<number>
  name: string
  kind: string
  severity: string
  enabled: number
  spec: string
  version: number
  /** The id of a shipped pipeline rule, or null for one an engineer wrote. */
  builtin: string | null
  created_at: string
  created_by: string
  updated_at: string
  updated_by: string
}

export interface AlertRuleVersionsTable {
  rule_id: number
  version: number
  spec: string
  saved_at: string
  saved_by: string
}

/** One alert episode of one series under one rule. */
export interface AlertsTable {
  id: Generated<number>
  rule_id: number
  rule_name: string
  key: string
  labels: string
  state: string
  severity: string
  since: string
  updated_at: string
  value: number | null
  peak: number | null
  silenced: number
  ack_by: string | null
  ack_at: string | null
  ack_comment: string | null
}

export interface AlertEventsTable {
  id: Generated<number>
  alert_id: number
  rule_id: number
  rule_name: string
  key: string
  labels: string
  to_state: string
  at: string
  value: number | null
  peak: number | null
  severity: string
  silenced: number
  exported_at: string | null
}

export interface AlertSilencesTable {
  id: Generated<number>
  matchers: string
  starts_at: string
  ends_at: string
  author: string
  comment: string
  created_at: string
}

export interface AlertContactsTable {
  id: Generated<number>
  name: string
  kind: string
  target: string
  secret: string | null
  rule_ids: string
  min_severity: string
  repeat_minutes: number
  send_resolved: number
  created_by: string
  created_at: string
}

export interface AlertGroupsTable {
  contact_id: number
  group_key: string
  notified: string
  notified_at: string
}

export interface AlertDeliveriesTable {
  id: Generated<number>
  contact_id: number
  group_key: string
  payload: string
  status: string
  attempts: number
  last_error: string | null
  created_at: string
  next_attempt_at: string | null
  delivered_at: string | null
}

/** Who runs a job that must run once across instances, until when (migration 0012). */
export interface JobLeasesTable {
  job: string
  holder: string
  /** Grows by one with every change of holder. */
  generation: number
  acquired_at: string
  /** Epoch milliseconds. */
  expires_at: number
}

/** The login throttle's failures per username and per address (migration 0013). */
export interface LoginFailuresTable {
  scope: 'user' | 'ip'
  key: string
  failures: number
  /** Epoch milliseconds. */
  last_failure_at: number
  /** Epoch milliseconds; 0 when never locked. */
  locked_until: number
}

/** PyIceberg's / Iceberg JdbcCatalog's table registry (db/migrations/0014-iceberg-catalog.ts). */
export interface IcebergTablesTable {
  catalog_name: string
  table_namespace: string
  table_name: string
  metadata_location: string | null
  previous_metadata_location: string | null
  iceberg_type: string | null
}

export interface IcebergNamespacePropertiesTable {
  catalog_name: string
  namespace: string
  property_key: string
  property_value: string
}

/** How far each catalog table is published as Iceberg. */
export interface IcebergExportsTable {
  table_name: string
  snapshot_id: number
  metadata_location: string
  delete_file: string | null
  published_at: string
}

/** A Parquet copy of a catalog file that DuckDB reads through a SELECT (catalog/iceberg/readable-copy.ts). */
export interface IcebergFileCopiesTable {
  file_id: number
  path: string
  row_count: number
  byte_size: number
}

export interface AppSchema {
  instance: InstanceTable
  job_runs: JobRunsTable
  catalog_tables: CatalogTablesTable
  catalog_snapshots: CatalogSnapshotsTable
  catalog_files: CatalogFilesTable
  catalog_lineage: CatalogLineageTable
  catalog_quality: CatalogQualityTable
  ingested_objects: IngestedObjectsTable
  stream_offsets: StreamOffsetsTable
  derived_debt: DerivedDebtTable
  users: UsersTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  audit_log: AuditLogTable
  saved_queries: SavedQueriesTable
  notebooks: NotebooksTable
  notebook_versions: NotebookVersionsTable
  boards: BoardsTable
  board_versions: BoardVersionsTable
  kiosk_links: KioskLinksTable
  alert_rules: AlertRulesTable
  alert_rule_versions: AlertRuleVersionsTable
  alerts: AlertsTable
  alert_events: AlertEventsTable
  alert_silences: AlertSilencesTable
  alert_contacts: AlertContactsTable
  alert_groups: AlertGroupsTable
  alert_deliveries: AlertDeliveriesTable
  job_leases: JobLeasesTable
  login_failures: LoginFailuresTable
  iceberg_tables: IcebergTablesTable
  iceberg_namespace_properties: IcebergNamespacePropertiesTable
  iceberg_exports: IcebergExportsTable
  iceberg_file_copies: IcebergFileCopiesTable
}
