/**
 * The app database as kysely sees it: every table by name. The tables' types live by area in
 * db/tables/; each migration that adds a table adds it there and here.
 */
import type { InstanceTable, JobRunsTable, DerivedDebtTable, JobLeasesTable } from './tables/jobs.ts'
import type { CatalogTablesTable, CatalogSnapshotsTable, CatalogFilesTable, CatalogLineageTable, CatalogQualityTable, IngestedObjectsTable, StreamOffsetsTable } from './tables/catalog.ts'
import type { UsersTable, SessionsTable, ApiTokensTable, AuditLogTable, LoginFailuresTable } from './tables/auth.ts'
import type { SavedQueriesTable, NotebooksTable, NotebookVersionsTable, BoardsTable, BoardVersionsTable, KioskLinksTable } from './tables/workbench.ts'
import type { AlertRulesTable, AlertRuleVersionsTable, AlertsTable, AlertEventsTable, AlertSilencesTable, AlertContactsTable, AlertGroupsTable, AlertDeliveriesTable } from './tables/alerts.ts'
import type { IcebergTablesTable, IcebergNamespacePropertiesTable, IcebergExportsTable, IcebergFileCopiesTable } from './tables/iceberg.ts'

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
