import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadMapping } from './mapping.ts'

const dir = mkdtempSync(join(tmpdir(), 'cockpit-mapping-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe('loadMapping', () => {
  it('reads a valid mapping', () => {
    const path = file('ok.json', JSON.stringify({ datasets: { production_counts: { pattern: '^exports/', columns: { good_count: 'Gutteile' } } } }))
    expect(loadMapping(path)).toEqual({ datasets: { production_counts: { pattern: '^exports/', columns: { good_count: 'Gutteile' } } } })
  })

  it.each([
    ['not-json.json', '{ datasets: ', /^MES mapping file .*not-json\.json cannot be read as JSON: /],
    ['bad-regex.json', JSON.stringify({ datasets: { orders: { pattern: '([' } } }), /bad-regex\.json: datasets\.orders\.pattern: expected a valid regular expression$/],
    ['bad-dataset.json', JSON.stringify({ datasets: { shifts: {} } }), /bad-dataset\.json: datasets: Unrecognized key: "shifts"$/],
    ['bad-column.json', JSON.stringify({ datasets: { orders: { columns: { order_id: '' } } } }), /bad-column\.json: datasets\.orders\.columns\.order_id: /],
  ])('names the file and the field when %s is wrong', (name, content, message) => {
    expect(() => loadMapping(file(name, content))).toThrow(message)
  })

  it('names a missing file', () => {
    expect(() => loadMapping(join(dir, 'nope.json'))).toThrow(/nope\.json cannot be read as JSON: ENOENT/)
  })
})
