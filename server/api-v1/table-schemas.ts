/** The shapes of catalog tables in the service API: a listing entry and a table's detail. */
import { z } from '@hono/zod-openapi'
import { columnSchema } from './page-params.ts'

export const tableNameParam = z
  .string()
  .min(1)
  .max(200)
  .openapi({ param: { name: 'name', in: 'path' }, example: 'kpi.machine_daily', description: 'A catalog table, `<schema>.<table>`.' })

export const lineageSummarySchema = z
  .object({
    sources: z.number().int(),
    byKind: z.record(z.string(), z.number().int()),
    upstreamTables: z.array(z.string()),
  })
  .openapi('LineageSummary')

export const qualitySummarySchema = z
  .object({ pass: z.number().int(), warn: z.number().int(), fail: z.number().int(), lastCheckedAt: z.string().nullable() })
  .openapi('QualitySummary')

export const tableSummarySchema = z
  .object({
    name: z.string(),
    layer: z.string(),
    columns: z.array(columnSchema),
    key: z.array(z.string()).nullable().openapi({ description: 'Natural key: the table shows the latest version of each key.' }),
    timeColumn: z.string().nullable().openapi({ description: 'The column `from`/`to` filter on, if any.' }),
    machineColumn: z.string().nullable().openapi({ description: 'The column `machine` filters on, if any.' }),
    storedRows: z.number().int().openapi({ description: 'Rows in the current files (for keyed tables, including superseded versions).' }),
    files: z.number().int(),
    bytes: z.number().int(),
    schemaVersion: z.number().int(),
    lastSnapshot: z.number().int().nullable(),
    lastCommitAt: z.string().nullable(),
    lineage: lineageSummarySchema,
    quality: qualitySummarySchema,
    rows: z.string().openapi({ description: 'Path of the table’s rows.' }),
  })
  .openapi('TableSummary')

export const tableListSchema = z.object({ tables: z.array(tableSummarySchema) }).openapi('TableList')

export const lineageEntrySchema = z
  .object({ snapshotId: z.number().int(), committedAt: z.string(), sourceKind: z.string(), source: z.string(), sourceVersion: z.string().nullable(), detail: z.string().nullable() })
  .openapi('LineageEntry')

export const qualityResultSchema = z
  .object({ snapshotId: z.number().int(), committedAt: z.string(), check: z.string(), status: z.string(), observed: z.number().nullable(), detail: z.string().nullable() })
  .openapi('QualityResult')

export const tableDetailSchema = tableSummarySchema
  .extend({
    recentLineage: z.array(lineageEntrySchema).openapi({ description: 'The latest 100 lineage entries, newest first.' }),
    latestQuality: z.array(qualityResultSchema).openapi({ description: 'The latest result of each data-quality check.' }),
  })
  .openapi('TableDetail')
