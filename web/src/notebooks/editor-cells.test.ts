import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { NotebookFileError, parseNotebookFile } from '../../../cells/index.ts'
import { generatedNotebookFiles } from '../../../cells/testdata/generated-notebook-files.ts'
import { formatCells, freshName, newCell, parseCells, titleOf } from './editor-cells.ts'

const FILE = '# OEE this week\n\n```input from\n{"type": "date", "default": "2026-11-01"}\n```\n\n```sql oee\nselect machine_id, avg(oee) as oee from kpi.machine_daily where day >= $from group by 1\n```\n\nThe worst three:\n\n```sql worst\nselect * from oee order by oee limit 3\n```\n'

describe('the editor’s cells of a notebook file', () => {
  it('reads markdown between fences and a cell per fence, and writes the same file back', () => {
    const cells = parseCells(FILE)
    expect(cells.map((cell) => [cell.kind, cell.name])).toEqual([['markdown', ''], ['input', 'from'], ['sql', 'oee'], ['markdown', ''], ['sql', 'worst']])
    expect(cells[2]!.body).toBe('select machine_id, avg(oee) as oee from kpi.machine_daily where day >= $from group by 1')
    expect(formatCells(cells)).toBe(FILE)
    expect(titleOf(cells)).toBe('OEE this week')
  })

  it('keeps a plain code fence inside markdown and an unclosed cell to the end', () => {
    const cells = parseCells('Some text\n\n```js\nnot a cell\n```\n\n```sql a\nselect 1')
    expect(cells.map((cell) => cell.kind)).toEqual(['markdown', 'sql'])
    expect(cells[0]!.body).toContain('not a cell')
    expect(cells[1]!.body).toBe('select 1')
  })

  it('writes the example notebooks back byte for byte, and an edit changes only its cell', () => {
    const dir = new URL('../../../cells/testdata/', import.meta.url)
    const files = readdirSync(dir).filter((name) => name.endsWith('.md'))
    expect(files.length).toBeGreaterThan(0)
    for (const name of files) {
      const text = readFileSync(new URL(name, dir), 'utf8')
      expect(formatCells(parseCells(text)), name).toBe(text)
    }
    const cells = parseCells(FILE)
    cells[2]!.body = 'select 1 as oee'
    expect(formatCells(cells)).toBe(FILE.replace(/select machine_id, avg.*group by 1/, 'select 1 as oee'))
    expect(formatCells(parseCells('# A\r\n\r\n```sql a\r\nselect 1\r\n```\r\n'))).toBe('# A\r\n\r\n```sql a\r\nselect 1\r\n```\r\n')
  })

  it('puts a new cell a blank line after the last', () => {
    expect(formatCells([...parseCells('# A\n'), newCell('sql', 'q', 'select 1')])).toBe('# A\n\n```sql q\nselect 1\n```\n')
    expect(formatCells([newCell('sql', 'q', 'select 1', true)])).toBe('```sql q\nselect 1\n```\n')
  })

  it('names new cells after what is taken', () => {
    expect(freshName(parseCells('```sql query_1\nselect 1\n```\n'), 'query')).toBe('query_2')
  })
})

describe('the editor reads cells as the server does', () => {
  it.each([
    ['a four-backtick fence holding three', '````sql a\nselect 1\n```\nstill sql\n````\n'],
    ['a long closing fence, spaces after info', '```sql  a \nselect 1\n`````  \n'],
    ['a blank body', '```sql a\n```\n```sql b\n\n```\n'],
    ['other fences inside markdown', 'Look:\n```js\nconsole.log(1)\n```\n~~~\n```sql neither\n~~~\n'],
  ])('round-trips %s', (_, text) => {
    expect(formatCells(parseCells(text))).toBe(text)
  })

  it('sees a four-backtick cell as one cell, and lengthens the fence when a body comes to hold one', () => {
    const cells = parseCells('````sql a\nselect 1\n```\nstill sql\n````\n')
    expect(cells.map((cell) => [cell.kind, cell.name, cell.body])).toEqual([['sql', 'a', 'select 1\n```\nstill sql']])
    const fresh = parseCells('```sql b\nselect 1\n```\n')
    fresh[0]!.body = "select '\n```\n'"
    expect(formatCells(fresh)).toBe("````sql b\nselect '\n```\n'\n````\n")
  })

  it('writes a renamed cell with a fresh fence line and keeps a half-typed spec as text', () => {
    const cells = parseCells('```sql  a \nselect 1\n```\n```plot c\n{"data": \n```\n')
    cells[0]!.name = 'b'
    expect(formatCells(cells)).toBe('```sql b\nselect 1\n```\n```plot c\n{"data": \n```\n')
  })
})

describe('the editor and the server on generated files', () => {
  it('sees the cells the server sees and writes every accepted file back byte for byte', () => {
    let accepted = 0
    for (const text of generatedNotebookFiles(3000)) {
      const cells = parseCells(text)
      let notebook
      try {
        notebook = parseNotebookFile(text)
      } catch (error) {
        if (error instanceof NotebookFileError) continue
        throw error
      }
      accepted += 1
      expect(formatCells(cells), JSON.stringify(text)).toBe(text)
      const named = (list: { kind: string; name?: string }[]) => list.filter((cell) => cell.kind !== 'markdown').map((cell) => `${cell.kind} ${cell.name}`)
      expect(named(cells), JSON.stringify(text)).toEqual(named(notebook.cells))
    }
    expect(accepted).toBeGreaterThan(300)
  })
})
