/**
 * Golden run plans: each notebook of testdata/ (the examples and testdata/plans/) with a list
 * of edits, its graph errors and the plan of each edit compared with a committed JSON file.
 * `UPDATE_GOLDEN=1 npx vitest run cells/plan` rewrites the files; review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planFullRun, planRun } from './plan.ts'
import { loadExample } from './testdata/examples.ts'

const testdata = join(import.meta.dirname, 'testdata')
const example = (path: string) => loadExample(readFileSync(join(testdata, `${path}.md`), 'utf8'), readFileSync(join(testdata, `${path}.references.json`), 'utf8'))

const cases: Record<string, string[][]> = {
  'oee-by-machine-and-day': [['period'], ['machine'], ['machines'], ['daily'], ['best'], ['oee_heatmap'], ['machine', 'best']],
  'top-downtime-reasons': [['since'], ['top'], ['total_hours'], ['by_machine']],
  'temperature-vs-scrap': [['machine'], ['temps'], ['now'], ['scatter']],
  'plans/cycle': [['a'], ['e'], ['d']],
  'plans/unknown-names': [['from'], ['x'], ['ok'], ['broken']],
}

describe('golden run plans', () => {
  it.each(Object.keys(cases))('%s', async (path) => {
    const { graph } = await example(path)
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
