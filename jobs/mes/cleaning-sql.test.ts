import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { quoteLiteral } from '../../catalog/index.ts'
import { trimmedText } from './cleaning-sql.ts'

describe('trimmedText', () => {
  it('gives what nullif(trim(x), \'\') gives, for values that need trimming and values that do not', async () => {
    const values = [
      'M01', ' M01', 'M01 ', '  ', '', ' ', '!', '~', 'a b', 'Fräse-03', 'ß', '\u00a0M01', 'M01\u00a0', '\u3000M01\u3000',
      '\tM01', 'M01\t', 'M01\n', '\u200bM01', 'é ', ' é', 'Müller', '\u007f', 'x\u0001',
    ]
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    try {
      const rows = values.map((value) => `(${quoteLiteral(value)})`).join(', ')
      const result = await connection.runAndReadAll(
        `SELECT x, ${trimmedText('x')} AS fast, nullif(trim(x), '') AS plain FROM (VALUES ${rows}, (NULL)) v(x)`,
      )
      const answers = result.getRowObjectsJson()
      expect(answers).toHaveLength(values.length + 1)
      for (const answer of answers) expect(answer.fast, JSON.stringify(answer.x)).toBe(answer.plain)
      // Not vacuous: some values do change.
      expect(answers.filter((answer) => answer.plain !== answer.x).length).toBeGreaterThan(8)
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
  })
})
