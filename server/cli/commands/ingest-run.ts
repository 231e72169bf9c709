/**
 * `cockpit ingest mes [<dir | s3://bucket/prefix>]`: one MES ingestion run, with a progress bar
 * in a terminal and a summary at the end. Exits 0 when the run worked, even if rows or files
 * were quarantined; 1 only when the run itself failed.
 */
import { createS3Client, openStorage } from '../../../catalog/index.ts'
import { ingestMes, loadMapping, MES_JOB, type LeaseGuard, type MesIngestSummary } from '../../../jobs/index.ts'
import { isS3 } from '../../config/index.ts'
import type { CommandContext, CommandRun } from '../command.ts'
import { textTable } from '../format-result.ts'
import { progressBar } from '../progress-bar.ts'
import { UsageError } from '../usage-error.ts'
import { withJobLease } from '../with-job-lease.ts'
import { withRuntime } from '../with-runtime.ts'
import { join, resolve } from 'node:path'

export const runIngestCommand: CommandRun = (context: CommandContext) => {
  const [kind, location] = context.args
  if (kind !== 'mes') throw new UsageError(`unknown source kind '${kind}': expected 'cockpit ingest mes [<dir | s3://bucket/prefix>]'`)
  return withRuntime(context, async (runtime, logger) => {
    const { settings } = runtime
    const sourceName = location === undefined ? settings.mesSource : isS3(location) ? location : resolve(location)
    const s3 = runtime.s3 ?? (isS3(sourceName) ? createS3Client({ endpoint: settings.s3Endpoint, region: settings.s3Region }) : undefined)
    const source = sourceName === settings.mesSource ? runtime.mesSource : openStorage(sourceName, { s3, cacheDir: join(settings.dataDir, 'cache', 'mes') })
    const mappingFile = context.flags.mapping ?? settings.mesMapping
    const mapping = typeof mappingFile === 'string' ? loadMapping(mappingFile) : undefined
    const bar = context.io.interactive ? progressBar(context.io.stderr, 'ingest') : undefined
    const ingest = (lease?: LeaseGuard): Promise<MesIngestSummary> =>
      ingestMes({
        lease,
        catalog: runtime.catalog,
        source,
        sourceName,
        plantTz: settings.plantTz,
        tempDir: join(settings.dataDir, 'tmp', 'jobs'),
        trigger: 'cli',
        logger,
        mapping,
        onProgress: bar?.update,
      })
    try {
      // Under the instances' mes-ingest lease when sharing their PostgreSQL app database.
      const leased = await withJobLease(runtime, MES_JOB, ingest)
      bar?.done()
      if (!leased.ran) {
        context.io.stderr(leased.refusal)
        return 1
      }
      context.io.stdout(formatSummary(sourceName, leased.value))
      return 0
    } catch (error) {
      bar?.done()
      context.io.stderr(`cockpit: MES ingestion from ${sourceName} failed: ${(error as Error).message}`)
      return 1
    } finally {
      if (s3 !== runtime.s3) s3?.destroy()
    }
  })
}

function formatSummary(source: string, summary: MesIngestSummary): string {
  const { objects, rows } = summary
  const lines = [
    `MES ingestion from ${source} (run ${summary.runId}, ${(summary.durationMs / 1000).toFixed(1)} s)`,
    `objects: ${objects.ingested} ingested, ${objects.skipped} skipped (already ingested), ${objects.quarantined} quarantined`,
    `rows:    ${rows.accepted} accepted, ${rows.quarantined} quarantined`,
  ]
  const datasets = Object.entries(summary.byDataset)
  if (datasets.length > 0) {
    lines.push('', textTable(['dataset', 'objects', 'files quarantined', 'rows accepted', 'rows quarantined'], datasets.map(([name, c]) => [name, String(c.objects), String(c.filesQuarantined), String(c.rowsAccepted), String(c.rowsQuarantined)])))
  }
  for (const file of summary.quarantinedFiles) lines.push(`quarantined file ${file.key}: ${file.reason}`)
  if (summary.kpiDays.length > 0) lines.push(`KPIs rebuilt for ${summary.kpiDays[0]} .. ${summary.kpiDays.at(-1)}`)
  return lines.join('\n')
}
