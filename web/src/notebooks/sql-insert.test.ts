import { afterEach, describe, expect, it } from 'vitest'
import { requestInsert } from '../catalog/index.ts'
import { focusTarget, insertTarget, releaseTarget, spacedInsertion, takeInserts, type InsertTarget } from './sql-insert.ts'

function cell(name: string) {
  const inserted: { text: string; focus: boolean }[] = []
  const target: InsertTarget = { name, insert: (text, focus) => inserted.push({ text, focus }) }
  return { target, inserted }
}

describe('inserting catalog names into the cell focused last', () => {
  const stops: (() => void)[] = []
  afterEach(() => stops.splice(0).forEach((stop) => stop()))

  it('gives each insert to the cell that had the focus last, and says it was taken', () => {
    const page = new EventTarget()
    stops.push(takeInserts(page))
    const daily = cell('daily')
    const worst = cell('worst')
    focusTarget(daily.target)
    focusTarget(worst.target)
    expect(requestInsert({ text: 'kpi.machine_daily', kind: 'table', table: 'kpi.machine_daily', focus: true }, page)).toBe(true)
    expect(worst.inserted).toEqual([{ text: 'kpi.machine_daily', focus: true }])
    expect(daily.inserted).toEqual([])
    expect(insertTarget()?.name).toBe('worst')
    releaseTarget(worst.target)
  })

  it('leaves an insert untaken when no cell was focused, or the focused one went away', () => {
    const page = new EventTarget()
    stops.push(takeInserts(page))
    expect(requestInsert({ text: 'oee', kind: 'column', table: 'kpi.machine_daily' }, page)).toBe(false)
    const gone = cell('gone')
    focusTarget(gone.target)
    releaseTarget(gone.target)
    expect(requestInsert({ text: 'oee', kind: 'column', table: 'kpi.machine_daily' }, page)).toBe(false)
    expect(gone.inserted).toEqual([])
  })

  it('stops taking inserts when the notebook closes', () => {
    const page = new EventTarget()
    const open = cell('open')
    focusTarget(open.target)
    takeInserts(page)()
    expect(requestInsert({ text: 'oee', kind: 'column', table: 'kpi.machine_daily' }, page)).toBe(false)
    releaseTarget(open.target)
  })
})

describe('spacing an inserted name', () => {
  it('adds a space only where the name would run into a word', () => {
    expect(spacedInsertion('select * from', 'kpi.orders', '')).toBe(' kpi.orders')
    expect(spacedInsertion('select * from ', 'kpi.orders', ' where')).toBe('kpi.orders')
    expect(spacedInsertion('select o.', 'machine_id', ' from')).toBe('machine_id')
    expect(spacedInsertion('select avg(', 'oee', ')')).toBe('oee')
    expect(spacedInsertion('select ', 'oee', 'from')).toBe('oee ')
    expect(spacedInsertion('select count(*)', 'n', '')).toBe(' n')
    expect(spacedInsertion('', 'kpi.orders', '')).toBe('kpi.orders')
  })
})
