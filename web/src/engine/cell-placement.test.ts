import { describe, expect, it } from 'vitest'
import type { Notebook, ReferencesByCell } from '../../../cells/index.ts'
import { placeCell } from './cell-placement.ts'

const notebook: Notebook = {
  cells: [
    { kind: 'sql', name: 'daily', sql: 'select * from kpi.machine_daily where day >= $from' },
    { kind: 'sql', name: 'worst', sql: 'select * from daily order by oee limit 3' },
    { kind: 'sql', name: 'both', sql: 'select * from worst join kpi.machines using (machine_id)' },
    { kind: 'sql', name: 'top', sql: 'select * from worst limit 1' },
  ],
}
const references: ReferencesByCell = {
  daily: { tables: ['kpi.machine_daily'], parameters: ['from'] },
  worst: { tables: ['daily'], parameters: [] },
  both: { tables: ['worst', 'kpi.machines'], parameters: [] },
  top: { tables: ['worst'], parameters: [] },
}

describe('where a cell runs', () => {
  it('a cell reading the catalog runs on the server', () => {
    expect(placeCell(notebook, 'daily', references, new Set()).where).toBe('server')
  })

  it('a cell reading only loaded cells runs in the browser, reading their tables', () => {
    const placed = placeCell(notebook, 'worst', references, new Set(['daily']))
    expect(placed.where).toBe('browser')
    expect(placed.composed.sql).toBe('select * from daily order by oee limit 3')
  })

  it('composes upstream cells the browser does not hold, and goes to the server when one of them reads the catalog', () => {
    expect(placeCell(notebook, 'top', references, new Set(['worst'])).where).toBe('browser')
    const server = placeCell(notebook, 'top', references, new Set())
    expect(server.where).toBe('server')
    expect(server.composed.sql).toContain('"daily" AS (')
    expect(server.composed.parameters).toEqual(['from'])
  })

  it('a cell reading a cell and the catalog runs on the server, composed with all it reads', () => {
    const placed = placeCell(notebook, 'both', references, new Set(['daily', 'worst']))
    expect(placed.where).toBe('server')
    expect(placed.composed.sql).toContain('"worst" AS (')
    expect(placed.composed.sql).toContain('"daily" AS (')
  })

  it('everything runs on the server while duckdb-wasm loads', () => {
    expect(placeCell(notebook, 'worst', references, undefined).where).toBe('server')
  })
})
