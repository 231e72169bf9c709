/**
 * Golden run plans: each notebook of testdata/ (the examples and testdata/plans/) with a list
 * of edits, its graph errors and the plan of each edit compared with a committed JSON file.
 * `UPDATE_GOLDEN=1 npx vitest run cells/plan` rewrites the files; review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildGraph } from './graph.ts'
import { parseNotebookFile } from './notebook-file.ts'
import { planFullRun, planRun } from './plan.ts'
import { collectReferences, type SqlReferences } from './references.ts'
import { fakeReferencePort } from './testdata/fake-reference-port.ts'

const testdata = join(import.meta.dirname, 'testdata')
const CATALOG = ['kpi.machine_daily', 'kpi.machine_hourly', 'mes.machine_states', 'mes.orders', 'sensors.readings', 'sensors.windows_1m']

/** A notebook of testdata/ and its graph, the references answered by the fake port. */
export async function loadExample(path: string) {
  const notebook = parseNotebookFile(readFileSync(join(testdata, `${path}.md`), 'utf8'))
  const byName = JSON.parse(readFileSync(join(testdata, `${path}.references.json`), 'utf8')) as Record<string, SqlReferences>
  const answers = new Map(notebook.cells.flatMap((cell) => (cell.kind === 'sql' && byName[cell.name] !== undefined ? [[cell.sql, byName[cell.name]!] as const] : [])))
  const references = await collectReferences(notebook, fakeReferencePort(answers))
  return { notebook, references, graph: buildGraph(notebook, { references, catalogTables: CATALOG }) }
}

const cases: Record<string, string[][]> = {
  'oee-by-machine-and-day': [['period'], ['machine'], ['machines'], ['daily'], ['best'], ['oee_heatmap'], ['machine', 'best']],
  'top-downtime-reasons': [['since'], ['top'], ['total_hours'], ['by_machine']],
  'temperature-vs-scrap': [['machine'], ['temps'], ['now'], ['scatter']],
  'plans/cycle': [['a'], ['e'], ['d']],
  'plans/unknown-names': [['from'], ['x'], ['ok'], ['broken']],
}

describe('golden run plans', () => {
  it.each(Object.keys(cases))('%s', async (path) => {
    const { graph } = await loadExample(path)
    const computed = {
      order: graph.order,
      errors: graph.errors,
      plans: { '(all)': planFullRun(graph), ...Object.fromEntries(cases[path]!.map((changed) => [changed.join(' + '), planRun(graph, changed)])) },
    }
    const file = join(testdata, `${path}.plans.json`)
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, `${JSON.stringify(computed, null, 2)}\n`)
    expect(computed).toEqual(JSON.parse(readFileSync(file, 'utf8')))
  })
})
