import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quoteIdent, quoteLiteral } from '../../catalog/index.ts'
import { cleaningSql } from '../mes/cleaning-sql.ts'
import { datasets, type DatasetName } from '../mes/datasets.ts'
import { writeAtomically } from './atomic-write.ts'
import { DIRT_KINDS, REJECTED_DIRT, type DirtEntry } from './dirt.ts'
import { DUMP_FORMATS, EXTENSIONS } from './formats.ts'
import { simulatePlantDay } from './plant-model.ts'
import type { LooseRow } from './rows.ts'
import { reexportCorrected, writeCorruptFile, writeDay, type WrittenFile } from './write-dumps.ts'

const plantTz = 'Europe/Berlin'
const seed = 11
type TextRow = Record<string, string | null>
/** A file read back: every value as text, null for a malformed line. */
type FileRows = (TextRow | null)[]

let dir: string
let instance: DuckDBInstance
let db: DuckDBConnection

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-simulator-'))
  instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' })
  db = await instance.connect()
  // Naive timestamps mean plant-local time: the ingestion reads them in the plant's zone.
  await db.run(`SET TimeZone = ${quoteLiteral(plantTz)}`)
})

afterAll(() => {
  db.closeSync()
  instance.closeSync()
  rmSync(dir, { recursive: true, force: true })
})

const rowsOf = async (sql: string): Promise<TextRow[]> => (await db.runAndReadAll(sql)).getRowObjectsJS() as TextRow[]
const asText = (dataset: DatasetName, row: LooseRow): TextRow =>
  Object.fromEntries(datasets[dataset].columns.map((c) => [c.name, row[c.name] === null || row[c.name] === undefined ? null : String(row[c.name])]))

async function readBack(file: WrittenFile): Promise<FileRows> {
  const path = quoteLiteral(file.path)
  const columns = datasets[file.dataset].columns.map((c) => `CAST(${quoteIdent(c.name)} AS VARCHAR) AS ${quoteIdent(c.name)}`).join(', ')
  switch (file.format) {
    case 'csv':
    case 'csv-excel':
    case 'csv.gz':
      return rowsOf(`SELECT * FROM read_csv(${path}, header = true, all_varchar = true)`)
    case 'parquet':
      return rowsOf(`SELECT ${columns} FROM read_parquet(${path})`)
    case 'json':
      return (JSON.parse(readFileSync(file.path, 'utf8')) as LooseRow[]).map((row) => asText(file.dataset, row))
    case 'ndjson':
    case 'jsonl':
      return readFileSync(file.path, 'utf8').trimEnd().split('\n').map((line) => {
        try {
          return asText(file.dataset, JSON.parse(line) as LooseRow)
        } catch (error) {
          if (error instanceof SyntaxError) return null
          throw error
        }
      })
  }
}

/** The rows through the product's own cleaning SQL: the first broken rule and the typed values as text. */
async function cleaned(dataset: DatasetName, rows: FileRows): Promise<Map<number, TextRow>> {
  const spec = datasets[dataset]
  await db.run(`CREATE OR REPLACE TABLE raw (row_index INTEGER, ${spec.columns.map((c) => `${quoteIdent(c.name)} VARCHAR`).join(', ')})`)
  const appender = await db.createAppender('raw')
  rows.forEach((row, i) => {
    if (row === null) return
    appender.appendInteger(i)
    for (const c of spec.columns) row[c.name] == null ? appender.appendNull() : appender.appendVarchar(row[c.name]!)
    appender.endRow()
  })
  appender.closeSync()
  const { prepare, typed, reason } = cleaningSql(spec, new Map(spec.columns.map((c) => [c.name, c.name])))
  const shown = spec.columns.map((c) => (c.kind === 'timestamp' ? `epoch_ms(${quoteIdent(c.name)})::VARCHAR` : `${quoteIdent(c.name)}::VARCHAR`) + ` AS ${quoteIdent(c.name)}`)
  const result = await rowsOf(`SELECT row_index::VARCHAR AS row_index, reason, ${shown.join(', ')} FROM (SELECT r.row_index, ${reason} AS reason, ${typed.join(', ')} FROM (SELECT r.*, ${prepare.join(', ')} FROM raw r) r) ORDER BY row_index`)
  return new Map(result.map((row) => [Number(row.row_index), row]))
}

/** A model value as the cleaning SQL shows it typed. */
function typedText(kind: string, value: unknown): string | null {
  if (value === null) return null
  if (kind === 'timestamp') return String(Date.parse(String(value)))
  if (kind === 'number') return Number(value).toFixed(1)
  return String(value)
}

function expectFaultVisible(entry: DirtEntry, row: TextRow | null, file: WrittenFile): void {
  if (entry.kind === 'malformed-line') return expect(row).toBeNull()
  const value = row![entry.column!]!
  const checks: Record<Exclude<DirtEntry['kind'], 'malformed-line'>, () => void> = {
    'missing-key': () => expect(value).toBeNull(),
    'bad-timestamp': () => expect(value).toMatch(/25:61$/),
    'negative-count': () => expect(Number(value)).toBeLessThan(0),
    'unknown-state': () => expect(value).toBe('SETUP'),
    'end-before-start': () => expect(row!.planned_end! < row!.planned_start!).toBe(true),
    'number-as-string': () => expect(value).toMatch(/^\d+$/),
    'naive-timestamp': () => expect(value).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    'mixed-case-enum': () => expect(value).not.toBe(value.toUpperCase()),
  }
  checks[entry.kind]()
  if (entry.kind !== 'number-as-string') return
  // The value's type is what makes it dirt: a JSON string, a quoted CSV field, a text Parquet column.
  const text = file.format === 'csv.gz' ? gunzipSync(readFileSync(file.path)).toString() : readFileSync(file.path, 'latin1')
  if (file.format.startsWith('csv')) expect(text.split(/\r?\n/)[entry.rowIndex + 1]).toContain(`"${value}"`)
  if (['json', 'ndjson', 'jsonl'].includes(file.format)) expect(text).toContain(`"${entry.column}":${file.format === 'json' ? ' ' : ''}"${value}"`)
}

describe('writeDay', () => {
  it('writes all seven formats over two days; every file parses back and holds exactly the manifest’s dirt', async () => {
    const landingDir = join(dir, 'dirty')
    const written = []
    for (const day of ['2026-03-28', '2026-03-29']) written.push({ day, ...(await writeDay({ landingDir, day, plantTz, seed })) })
    expect(new Set(written.flatMap((w) => w.files.map((f) => f.format)))).toEqual(new Set(DUMP_FORMATS))
    for (const { day, files, manifest } of written) {
      const model = simulatePlantDay({ day, plantTz, seed })
      expect(new Set(manifest.map((e) => e.kind))).toEqual(new Set(DIRT_KINDS))
      for (const file of files) {
        expect(file.path).toBe(join(landingDir, file.dataset, `${day}${EXTENSIONS[file.format]}`))
        const rows = await readBack(file)
        const entries = manifest.filter((e) => e.dataset === file.dataset)
        const malformed = entries.find((e) => e.kind === 'malformed-line')?.rowIndex ?? Infinity
        expect(rows.length).toBe(file.rows)
        expect(rows.length).toBe(model[file.dataset].length + (malformed === Infinity ? 0 : 1))
        for (const entry of entries) expectFaultVisible(entry, rows[entry.rowIndex]!, file)
        const results = await cleaned(file.dataset, rows)
        rows.forEach((_, i) => {
          if (i === malformed) return expect(results.has(i)).toBe(false)
          const entry = entries.find((e) => e.rowIndex === i)
          const result = results.get(i)!
          if (entry !== undefined && REJECTED_DIRT.has(entry.kind)) return expect(result.reason, `${file.path}#${i} ${entry.kind}`).not.toBeNull()
          expect(result.reason, `${file.path}#${i}`).toBeNull()
          // Accepted rows, normalised dirt included, are the model's rows exactly.
          const original = model[file.dataset][i > malformed ? i - 1 : i] as unknown as LooseRow
          for (const c of datasets[file.dataset].columns) expect(result[c.name], `${file.path}#${i}.${c.name}`).toBe(typedText(c.kind, original[c.name]))
        })
      }
    }
  })

  it('marks Windows CSV exports with a BOM and CRLF, and only those', async () => {
    const landingDir = join(dir, 'csv')
    const { files } = await writeDay({ landingDir, day: '2026-11-24', plantTz, seed, formats: { orders: 'csv', machine_states: 'csv-excel', production_counts: 'csv.gz' } })
    const bytes = (dataset: DatasetName) => {
      const file = files.find((f) => f.dataset === dataset)!
      return file.format === 'csv.gz' ? gunzipSync(readFileSync(file.path)) : readFileSync(file.path)
    }
    const excel = bytes('machine_states')
    expect([...excel.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(excel.toString().split('\r\n').length).toBe(excel.toString().split('\n').length)
    for (const plain of [bytes('orders'), bytes('production_counts')]) {
      expect(plain.subarray(0, 12).toString()).toMatch(/^(order_id|machine_id),/)
      expect(plain.includes('\r')).toBe(false)
      expect(plain.includes(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false)
    }
    const header = await rowsOf(`SELECT * FROM read_csv(${quoteLiteral(files[1]!.path)}, header = true, all_varchar = true) LIMIT 1`)
    expect(Object.keys(header[0]!)[0]).toBe('machine_id')
  })

  it('writes rows valid for the cleaning rules when dirt is off', async () => {
    const landingDir = join(dir, 'clean')
    const { files, manifest } = await writeDay({ landingDir, day: '2026-10-25', plantTz, seed, dirt: false, formats: { machine_states: 'jsonl' } })
    expect(manifest).toEqual([])
    for (const file of files) {
      const results = await cleaned(file.dataset, await readBack(file))
      expect([...results.values()].filter((r) => r.reason !== null)).toEqual([])
    }
  })

  it('leaves no temp files behind, even when a write fails', async () => {
    const landingDir = join(dir, 'atomic')
    await writeDay({ landingDir, day: '2026-11-24', plantTz, seed, formats: { orders: 'parquet' } })
    const target = join(landingDir, 'orders', 'failed.csv')
    await expect(writeAtomically(target, async (temp) => {
      await writeFile(temp, 'half a fi')
      throw new Error('disk full')
    })).rejects.toThrow('disk full')
    expect(existsSync(target)).toBe(false)
    const names = readdirSync(landingDir, { recursive: true }) as string[]
    expect(names.filter((name) => name.split('/').some((part) => part.startsWith('.')))).toEqual([])
  })
})

describe('writeCorruptFile', () => {
  it('writes a Parquet file that readers refuse', async () => {
    const path = await writeCorruptFile(join(dir, 'corrupt'))
    expect(path).toMatch(/production_counts\/corrupt-truncated\.parquet$/)
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('PAR1')
    await expect(db.run(`SELECT * FROM read_parquet(${quoteLiteral(path)})`)).rejects.toThrow()
  })
})

describe('reexportCorrected', () => {
  it('re-sends a few corrected counts under new versions; the original stays', async () => {
    const landingDir = join(dir, 'reexport')
    const day = '2026-11-24'
    const { files, manifest } = await writeDay({ landingDir, day, plantTz, seed })
    const first = await reexportCorrected({ landingDir, day, plantTz, seed, format: 'ndjson' })
    const second = await reexportCorrected({ landingDir, day, plantTz, seed, corrections: 2, format: 'parquet' })
    expect(first.path).toBe(join(landingDir, 'production_counts', `${day}.v2.ndjson`))
    expect(second.path).toBe(join(landingDir, 'production_counts', `${day}.v3.parquet`))
    expect(existsSync(files.find((f) => f.dataset === 'production_counts')!.path)).toBe(true)
    expect([first.changes.length, second.changes.length]).toEqual([3, 2])
    const model = simulatePlantDay({ day, plantTz, seed }).production_counts
    const dirty = new Set(manifest.filter((e) => e.dataset === 'production_counts').map((e) => e.rowIndex))
    for (const { path, changes } of [first, second]) {
      const format = path.endsWith('.parquet') ? 'parquet' : 'ndjson'
      const results = await cleaned('production_counts', await readBack({ dataset: 'production_counts', format, path, rows: changes.length }))
      expect([...results.values()].map((r) => [r.reason, r.machine_id, Number(r.period_start), Number(r.good_count)])).toEqual(
        changes.map((c) => [null, c.machine_id, Date.parse(c.period_start), c.good_count]),
      )
      for (const change of changes) {
        const index = model.findIndex((r) => r.machine_id === change.machine_id && r.period_start === change.period_start)
        expect(index).toBeGreaterThanOrEqual(0)
        expect(dirty.has(index)).toBe(false)
        expect(change.previous).toBe(model[index]!.good_count)
        expect(change.good_count).toBeLessThan(change.previous)
        expect(change.good_count).toBeGreaterThanOrEqual(0)
      }
    }
  })
})
