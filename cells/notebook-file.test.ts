import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Notebook } from './cell.ts'
import { NotebookFileError } from './errors.ts'
import { parseNotebookFile } from './notebook-file.ts'
import { formatNotebookFile } from './notebook-file-format.ts'
import { generatedNotebookFiles } from './testdata/generated-notebook-files.ts'

const testdata = join(import.meta.dirname, 'testdata')
const examples = readdirSync(testdata).filter((file) => file.endsWith('.md'))

const roundTrip = (text: string): string => formatNotebookFile(parseNotebookFile(text))
const refusal = (text: string): { line: number; reason: string } => {
  try {
    parseNotebookFile(text)
  } catch (error) {
    if (error instanceof NotebookFileError) return { line: error.line, reason: error.reason }
    throw error
  }
  throw new Error('expected the file to be refused')
}
const summary = (notebook: Notebook) => notebook.cells.map((cell) => (cell.kind === 'markdown' ? 'markdown' : `${cell.kind} ${cell.name}`))

describe('the notebook file', () => {
  it('reads the issue example', () => {
    const text = '# OEE this week\n```input from\n{"type": "date", "default": "2026-11-01"}\n```\n```sql oee\nselect machine_id, avg(oee) as oee from kpi.machine_daily where day >= $from group by 1\n```\n```sql worst\nselect * from oee order by oee limit 3\n```\n```plot oee_chart\n{"data": "oee", "marks": [{"type": "barY", "x": "machine_id", "y": "oee", "tip": true}]}\n```\n'
    const notebook = parseNotebookFile(text)
    expect(summary(notebook)).toEqual(['markdown', 'input from', 'sql oee', 'sql worst', 'plot oee_chart'])
    expect(notebook.cells[0]).toEqual({ kind: 'markdown', text: '# OEE this week\n' })
    expect(notebook.cells[3]).toMatchObject({ sql: 'select * from oee order by oee limit 3' })
    expect(notebook.cells[1]).toMatchObject({ spec: { type: 'date', default: '2026-11-01' } })
    expect(formatNotebookFile(notebook)).toBe(text)
  })

  it.each(examples)('gives back the same bytes for the example %s', (file) => {
    const text = readFileSync(join(testdata, file), 'utf8')
    expect(roundTrip(text)).toBe(text)
    expect(parseNotebookFile(text).cells.length).toBeGreaterThan(5)
  })

  it.each([
    ['CRLF line endings', '# T\r\n\r\n```sql a\r\nselect 1\r\n```\r\nText\r\n'],
    ['no final newline', '```sql a\nselect 1\n```'],
    ['markdown without final newline', '```sql a\nselect 1\n```\nthe end'],
    ['blank lines between cells', '```sql a\nselect 1\n```\n\n\n```sql b\nselect 2\n```\n\n'],
    ['blank lines before the first cell', '\n\n```sql a\nselect 1\n```\n'],
    ['an empty body and a blank body', '```sql a\n```\n```sql b\n\n```\n'],
    ['a four-backtick fence holding three', '````sql a\nselect 1\n```\nstill sql\n````\n'],
    ['a long closing fence, spaces after info', '```sql  a \nselect 1\n`````  \n'],
    ['other fences inside markdown', 'Look:\n```js\nconsole.log(1)\n```\n````\n```sql not_a_cell\n```\n````\n~~~\n```sql neither\n~~~\n'],
    ['pretty-printed JSON', '```live now\n{\n  "spanMinutes": 5\n}\n```\n'],
    ['an empty file', ''],
  ])('round-trips %s', (_, text) => {
    expect(roundTrip(text)).toBe(text)
  })

  it('keeps other fences in markdown and blank lines out of it', () => {
    expect(summary(parseNotebookFile('Look:\n```js\nx\n```\n````\n```sql no\n```\n````\n'))).toEqual(['markdown'])
    expect(summary(parseNotebookFile('```sql a\nselect 1\n```\n\n```sql b\nselect 2\n```\n'))).toEqual(['sql a', 'sql b'])
    const four = parseNotebookFile('````sql a\nselect 1\n```\nstill sql\n````\n')
    expect(four.cells[0]).toMatchObject({ sql: 'select 1\n```\nstill sql' })
  })

  it('refuses a malformed file with the line and the reason', () => {
    expect(refusal('# T\n```sql a\nselect 1\n')).toEqual({ line: 2, reason: 'the fence ``` opened here is never closed' })
    expect(refusal('ok\n```js\nx\n')).toMatchObject({ line: 2 })
    expect(refusal('```markdown intro\nx\n```\n')).toMatchObject({ line: 1, reason: expect.stringContaining('unknown cell kind markdown') })
    expect(refusal('\n```sql\nselect 1\n```\n')).toEqual({ line: 2, reason: 'a sql cell needs a name: ```sql NAME' })
    expect(refusal('```sql Hot-Machines\nselect 1\n```\n')).toMatchObject({ line: 1, reason: expect.stringContaining('invalid cell name Hot-Machines') })
    expect(refusal('```sql a b\nselect 1\n```\n')).toMatchObject({ line: 1, reason: expect.stringContaining('unexpected text') })
    expect(refusal('```sql a\nselect 1\n```\n```plot a\n{"data": "a", "marks": [{"type": "dot"}]}\n```\n')).toEqual({ line: 4, reason: 'the name a is used twice' })
    expect(refusal('```input p\n{"type": "date-range"}\n```\n```sql p_to\nselect 1\n```\n')).toEqual({ line: 4, reason: 'the name p_to is used twice' })
  })

  it('refuses invalid JSON at its line and an invalid spec naming the field', () => {
    expect(refusal('# T\n```plot c\n{\n  "data": "a",\n  "marks": [}\n}\n```\n')).toMatchObject({ line: 5, reason: expect.stringContaining('plot c: invalid JSON') })
    expect(refusal('```live l\n{"spanMinutes": 5\n\n```\n')).toMatchObject({ line: 4 })
    expect(refusal('```live l\n```\n')).toMatchObject({ line: 2, reason: expect.stringContaining('live l: invalid JSON') })
    const spec = refusal('```plot c\n{"data": "a", "marks": [{"type": "pie"}]}\n```\n')
    expect(spec.line).toBe(2)
    expect(spec.reason).toMatch(/^plot c: invalid spec: marks\.0\.type: .*expected one of/)
    expect(refusal('```live l\n{"spanMinutes": 5, "colour": "red"}\n```\n').reason).toBe('live l: invalid spec: colour: unknown field')
  })
})

describe('exporting changed notebooks', () => {
  const base = '# T\n```sql a\nselect 1\n```\n\n```plot c\n{ "data": "a",\n  "marks": [{"type": "dot"}] }\n```\n'

  it('re-serialises only what changed', () => {
    const notebook = parseNotebookFile(base)
    const plot = notebook.cells[2]!
    if (plot.kind !== 'plot') throw new Error('expected a plot')
    plot.spec = { ...plot.spec, title: 'Dots' }
    expect(formatNotebookFile(notebook)).toBe('# T\n```sql a\nselect 1\n```\n\n```plot c\n{"data": "a", "marks": [{"type": "dot"}], "title": "Dots"}\n```\n')
  })

  it('writes a renamed cell a fresh fence and keeps the blank lines after it', () => {
    const notebook = parseNotebookFile(base)
    const sql = notebook.cells[1]!
    if (sql.kind !== 'sql') throw new Error('expected sql')
    sql.name = 'b'
    sql.sql = 'select 1\n```\nfrom x'
    expect(formatNotebookFile(notebook)).toBe(base.replace('```sql a\nselect 1\n```\n', '````sql b\nselect 1\n```\nfrom x\n````\n'))
  })

  it('writes new cells in the file style, with its line endings', () => {
    const notebook: Notebook = {
      cells: [
        { kind: 'markdown', text: '# New' },
        { kind: 'input', name: 'from', spec: { type: 'date', default: '2026-11-01' } },
        { kind: 'sql', name: 'oee', sql: 'select 1' },
      ],
    }
    const text = formatNotebookFile(notebook, { eol: '\r\n' })
    expect(text).toBe('# New\r\n```input from\r\n{"type": "date", "default": "2026-11-01"}\r\n```\r\n```sql oee\r\nselect 1\r\n```\r\n')
    expect(roundTrip(text)).toBe(text)
  })
})

describe('round trip of generated files', () => {
  it('gives back the bytes of every file it accepts', () => {
    let accepted = 0
    for (const text of generatedNotebookFiles(3000)) {
      let notebook: Notebook
      try {
        notebook = parseNotebookFile(text)
      } catch (error) {
        if (error instanceof NotebookFileError) continue
        throw error
      }
      accepted += 1
      expect(formatNotebookFile(notebook), JSON.stringify(text)).toBe(text)
    }
    expect(accepted).toBeGreaterThan(300)
  })
})

describe('exporting programmatic changes', () => {
  it.each(examples)('reads back what was written after every cell of %s changed', (file) => {
    const notebook = parseNotebookFile(readFileSync(join(testdata, file), 'utf8'))
    const changed: Notebook = {
      cells: notebook.cells.map((cell) => {
        if (cell.kind === 'markdown') return { ...cell, text: `${cell.text}More text.\n` }
        if (cell.kind === 'sql') return { ...cell, name: `${cell.name}_v2`, sql: `${cell.sql}\n-- a \`\`\` in a comment` }
        if (cell.kind === 'plot') return { ...cell, spec: { ...cell.spec, height: 300 } }
        if (cell.kind === 'live') return { ...cell, spec: { ...cell.spec, spanMinutes: 5 } }
        return { ...cell, name: `${cell.name}_v2` }
      }),
    }
    const reread = parseNotebookFile(formatNotebookFile(changed))
    const values = (nb: Notebook) => nb.cells.map((cell) => (cell.kind === 'markdown' ? cell : { ...cell, source: undefined }))
    expect(values(reread)).toEqual(values(changed))
  })
})
