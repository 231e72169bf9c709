/**
 * The example notebooks of testdata/ for tests: a notebook file and its references (by cell
 * name, as DuckDB's parser answers them) → the notebook, its references through the fake port,
 * and its graph. The test reads the files; this stays pure, as cells/ must.
 */
import { buildGraph, type NotebookGraph } from '../graph.ts'
import { parseNotebookFile } from '../notebook-file.ts'
import type { Notebook } from '../cell.ts'
import { collectReferences, type CellReferences, type SqlReferences } from '../references.ts'
import { fakeReferencePort } from './fake-reference-port.ts'

export const EXAMPLES = ['oee-by-machine-and-day', 'top-downtime-reasons', 'temperature-vs-scrap'] as const

/** The catalog tables the examples are written against. */
export const EXAMPLE_CATALOG = ['kpi.machine_daily', 'kpi.machine_hourly', 'mes.machine_states', 'mes.orders', 'mes.production_counts', 'mes.quality_inspections', 'sensors.readings', 'sensors.windows_1m']

export interface Example {
  notebook: Notebook
  references: Record<string, CellReferences>
  graph: NotebookGraph
}

export async function loadExample(file: string, referencesJson: string): Promise<Example> {
  const notebook = parseNotebookFile(file)
  const byName = JSON.parse(referencesJson) as Record<string, SqlReferences>
  const answers = new Map(notebook.cells.flatMap((cell) => (cell.kind === 'sql' && byName[cell.name] !== undefined ? [[cell.sql, byName[cell.name]!] as const] : [])))
  const references = await collectReferences(notebook, fakeReferencePort(answers))
  return { notebook, references, graph: buildGraph(notebook, { references, catalogTables: EXAMPLE_CATALOG }) }
}
