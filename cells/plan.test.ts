/**
 * Golden run plans: each notebook of testdata/ (the examples and testdata/plans/) with a list
 * of edits, its graph errors and the plan of each edit compared with a committed JSON file.
 * `UPDATE_GOLDEN=1 npx vitest run cells/plan` rewrites the files; review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { changedCells } from './notebook-diff.ts'
import { planFullRun, planRun } from './plan.ts'
import { loadExample } from './testdata/examples.ts'

const testdata = join(import.meta.dirname, 'testdata')
const read = (path: string, ext: string) => readFileSync(join(testdata, `${path}${ext}`), 'utf8')
const example = (path: string) => loadExample(readFileSync(join(testdata, `${path}.md`), 'utf8'), readFileSync(join(testdata, `${path}.references.json`), 'utf8'))

/** Edits of an example's file text: a description → the edited text, and references of new SQL. */
const edits: Record<string, Record<string, { edit: (text: string) => string; references?: Record<string, { tables: string[]; parameters: string[] }> }>> = {
  'oee-by-machine-and-day': {
    'daily reads availability too': { edit: (text) => text.replace('select machine_id, day, oee, availability,', 'select machine_id, day, oee, availability as avail, availability,') },
    'machines deleted': { edit: (text) => text.replace(/```sql machines\n[^`]*```\n/, '') },
    "the heatmap's colours changed": { edit: (text) => text.replace('"rdylgn"', '"blues"') },
    "the heatmap's JSON re-spaced, a blank line added (layout only)": { edit: (text) => text.replace('"data": "daily",\n  "marks"', '"data": "daily", "marks"').replace('```\n```sql machines', '```\n\n```sql machines') },
    'a new cell reads best': {
      edit: (text) => `${text}\`\`\`sql best_days\nselect * from daily where machine_id in (select machine_id from best)\n\`\`\`\n`,
      references: { best_days: { tables: ['daily', 'best'], parameters: [] } },
    },
  },
  'temperature-vs-scrap': {
    'the markdown text changed': { edit: (text) => text.replace('(1 is lockstep, 0 none)', '(1: in lockstep)') },
  },
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
    const { graph } = await example(path)
    const computed = {
      order: graph.order,
      errors: graph.errors,
      plans: { '(all)': planFullRun(graph), ...Object.fromEntries(cases[path]!.map((changed) => [changed.join(' + '), planRun(graph, changed)])) },
      edits: await planEdits(path),
    }
    const file = join(testdata, `${path}.plans.json`)
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, `${JSON.stringify(computed, null, 2)}\n`)
    expect(computed).toEqual(JSON.parse(readFileSync(file, 'utf8')))
  })
})

/** Each edit of an example: the cells it changed and the plan of the edited notebook. */
async function planEdits(path: string) {
  const before = await example(path)
  const text = read(path, '.md')
  const planned = Object.entries(edits[path] ?? {}).map(async ([what, { edit, references }]) => {
    const allReferences = JSON.stringify({ ...JSON.parse(read(path, '.references.json')), ...references })
    const after = await loadExample(edit(text), allReferences)
    const changed = changedCells(before, after)
    return [what, { changed, ...planRun(after.graph, changed) }] as const
  })
  return Object.fromEntries(await Promise.all(planned))
}
