import { describe, expect, it } from 'vitest'
import { notebookOutline } from './notebook-outline.ts'
import { summarizeChange } from './version-summary.ts'

const file = (...cells: string[]): string => `# OEE this week\n\n${cells.join('\n')}`
const sql = (name: string, body: string): string => `\`\`\`sql ${name}\n${body}\n\`\`\`\n`

describe('notebook outline', () => {
  it('reads the title and the cells by name, markdown between fences counted', () => {
    const outline = notebookOutline(file(sql('oee', 'select 1'), 'Some prose', sql('worst', 'select * from oee')))
    expect(outline.title).toBe('OEE this week')
    expect(outline.cells.map((cell) => [cell.info, cell.name])).toEqual([
      ['markdown', 'markdown 1'],
      ['sql oee', 'oee'],
      ['markdown', 'markdown 2'],
      ['sql worst', 'worst'],
    ])
    expect(outline.cells[1]!.body).toBe('select 1')
  })

  it('names a file without a heading untitled', () => {
    expect(notebookOutline('').title).toBe('Untitled notebook')
  })
})

describe('version summary', () => {
  it('names cells added, changed and removed', () => {
    const before = notebookOutline(file(sql('a', 'select 1'), sql('b', 'select 2'), sql('c', 'select 3'))).cells
    const after = notebookOutline(file(sql('a', 'select 1'), sql('b', 'select 22'), sql('d', 'select 4'))).cells
    expect(summarizeChange(before, after)).toBe('added d; changed b; removed c')
  })

  it('says created, reordered or nothing changed', () => {
    const ab = notebookOutline(file(sql('a', 'select 1'), sql('b', 'select 2'))).cells
    const ba = notebookOutline(file(sql('b', 'select 2'), sql('a', 'select 1'))).cells
    expect(summarizeChange(undefined, ab)).toBe('created with 3 cells')
    expect(summarizeChange(ab, ba)).toBe('cells reordered')
    expect(summarizeChange(ab, ab)).toBe('no cell changed')
  })
})
