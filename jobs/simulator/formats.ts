/**
 * The file formats the simulator writes and the daily rotation between them. Real plants mix
 * exports from several systems, so the ingestion must meet every format; the rotation makes
 * any two consecutive days together use all seven, and each dataset cycles through all seven
 * in a week (the stride 4 is coprime with 7).
 */
import { DATASET_NAMES, type DatasetName } from '../mes/datasets.ts'
import { dayNumber } from '../plant-time.ts'

export const DUMP_FORMATS = ['csv', 'csv-excel', 'csv.gz', 'json', 'ndjson', 'jsonl', 'parquet'] as const
/** `csv-excel` is a Windows export: a UTF-8 byte-order mark and CRLF line endings. */
export type DumpFormat = (typeof DUMP_FORMATS)[number]

export const EXTENSIONS: Record<DumpFormat, string> = {
  csv: '.csv',
  'csv-excel': '.csv',
  'csv.gz': '.csv.gz',
  json: '.json',
  ndjson: '.ndjson',
  jsonl: '.jsonl',
  parquet: '.parquet',
}

/** Formats with one JSON document per line, where a single line can be malformed. */
export function isLineFormat(format: DumpFormat): boolean {
  return format === 'ndjson' || format === 'jsonl'
}

export function rotateFormats(day: string): Record<DatasetName, DumpFormat> {
  const first = dayNumber(day) * DATASET_NAMES.length
  const entries = DATASET_NAMES.map((name, i) => [name, DUMP_FORMATS[(first + i) % DUMP_FORMATS.length]!] as const)
  return Object.fromEntries(entries) as Record<DatasetName, DumpFormat>
}
