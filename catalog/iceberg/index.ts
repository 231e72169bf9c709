/** The catalog published as Apache Iceberg, for engines that are not ours (docs/iceberg.md). */
export { ICEBERG_PREFIX } from './iceberg-layout.ts'
export { publishIceberg, isExported, type PublishResult } from './publish.ts'
export { ICEBERG_CATALOG_NAME } from './sql-catalog.ts'
export { createIcebergPublisher, type IcebergPublisher, type IcebergPublisherOptions } from './iceberg-publisher.ts'
export { openPublishConnection } from './publish-connection.ts'
