/** `cockpit ingest mes [<source>]`: one MES ingestion run now (implementation in ingest-run.ts). */
import { lazyRun, type CommandSpec } from '../command.ts'

export const ingestCommand: CommandSpec = {
  name: 'ingest',
  summary: 'Ingest MES dumps now (default: the configured source).',
  usage: 'cockpit ingest mes [<dir | s3://bucket/prefix>] [--mapping <file.json>]',
  options: { mapping: { type: 'string', description: 'Mapping file for other layouts and column names.' } },
  positionals: { min: 1, max: 2 },
  run: lazyRun(() => import('./ingest-run.ts'), (module) => module.runIngestCommand),
}
