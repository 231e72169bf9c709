/**
 * PyIceberg — Apache Iceberg's Python reader, not ours — in a pinned venv (./python-venv.ts), and
 * a way to run test/iceberg/read_iceberg.py with it: it reads catalog tables through the Iceberg
 * SQL catalog in the app database and writes the rows it got to Parquet for the test to compare.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { ensurePythonTool, repoRoot, runPython, type PythonTool } from './python-venv.ts'

const pyiceberg: PythonTool = {
  venv: 'pyiceberg-venv',
  requirements: ['pyiceberg==0.12.0', 'pyarrow==26.0.1', 'SQLAlchemy==2.1.9'],
  minPython: [3, 10],
  purpose: 'The Iceberg reader test (PyIceberg)',
}

export interface IcebergRead {
  /** `<namespace>.<table>` */
  table: string
  /** Read the table as of this snapshot of ours (the latest Iceberg snapshot at or before it); default the current one. */
  asOf?: number
  /** Where the rows go, as Parquet. */
  out: string
}

const readResult = z.array(z.object({ table: z.string(), snapshot: z.number().nullable(), rows: z.number(), deleteFiles: z.number() }))
export type IcebergReadResult = z.infer<typeof readResult>

/** Reads with PyIceberg; `catalogUri` is an SQLAlchemy URL (sqlite:///…, postgresql+…://…). */
export async function readWithPyIceberg(catalogUri: string, reads: IcebergRead[], properties: Record<string, string> = {}): Promise<IcebergReadResult> {
  const { python } = await ensurePythonTool(pyiceberg)
  const request = JSON.stringify({ uri: catalogUri, properties, reads })
  const script = join(repoRoot, 'test', 'iceberg', 'read_iceberg.py')
  const out = await runPython(python, [script, request], 'reading the catalog with PyIceberg', 300_000)
  return readResult.parse(JSON.parse(out))
}
