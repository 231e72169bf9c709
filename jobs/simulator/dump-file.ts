/** One dataset's rows written as one dump file in a given format, atomically. */
import { gzipSync } from 'node:zlib'
import type { DatasetSpec } from '../mes/datasets.ts'
import { writeAtomically, writeFileAtomically } from './atomic-write.ts'
import type { DirtyRow } from './dirt.ts'
import type { DumpFormat } from './formats.ts'
import { writeParquet } from './parquet.ts'
import { toCsv, toJsonArray, toJsonLines } from './serialize.ts'

export async function writeDumpFile(path: string, format: DumpFormat, rows: readonly DirtyRow[], spec: DatasetSpec): Promise<void> {
  const columns = spec.columns.map((c) => c.name)
  switch (format) {
    case 'csv':
      return writeFileAtomically(path, toCsv(rows, columns))
    case 'csv-excel':
      return writeFileAtomically(path, toCsv(rows, columns, { bom: true, crlf: true }))
    case 'csv.gz':
      return writeFileAtomically(path, gzipSync(toCsv(rows, columns)))
    case 'json':
      return writeFileAtomically(path, toJsonArray(rows))
    case 'ndjson':
    case 'jsonl':
      return writeFileAtomically(path, toJsonLines(rows))
    case 'parquet':
      return writeAtomically(path, (temp) => writeParquet(temp, rows, spec))
  }
}
