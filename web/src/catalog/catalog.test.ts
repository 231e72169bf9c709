import { describe, expect, it } from 'vitest'
import { cellText, isNumeric } from './cell-text.ts'
import { INSERT_EVENT, requestInsert, sqlIdentifier, type InsertDetail } from './insert-event.ts'
import { nextIndex } from './list-navigation.ts'

describe('keyboard movement in the table list', () => {
  it('steps with the arrows, jumps with Home/End and pages, and stays inside', () => {
    expect(nextIndex(-1, 'ArrowDown', 5)).toBe(0)
    expect(nextIndex(-1, 'ArrowUp', 5)).toBe(4)
    expect(nextIndex(2, 'ArrowDown', 5)).toBe(3)
    expect(nextIndex(4, 'ArrowDown', 5)).toBe(4)
    expect(nextIndex(0, 'ArrowUp', 5)).toBe(0)
    expect(nextIndex(3, 'Home', 5)).toBe(0)
    expect(nextIndex(0, 'End', 5)).toBe(4)
    expect(nextIndex(1, 'PageDown', 30)).toBe(11)
    expect(nextIndex(1, 'PageUp', 30)).toBe(0)
    expect(nextIndex(1, 'a', 5)).toBeUndefined()
    expect(nextIndex(0, 'ArrowDown', 0)).toBeUndefined()
  })
})

describe('insert into the editor', () => {
  it('announces a cockpit:insert event with the qualified name, and says whether an editor took it', () => {
    const target = new EventTarget()
    expect(requestInsert({ text: 'mes.orders', kind: 'table', table: 'mes.orders' }, target)).toBe(false)
    const seen: InsertDetail[] = []
    target.addEventListener(INSERT_EVENT, (event) => {
      seen.push((event as CustomEvent<InsertDetail>).detail)
      event.preventDefault()
    })
    expect(requestInsert({ text: 'machine_id', kind: 'column', table: 'mes.orders' }, target)).toBe(true)
    expect(seen).toEqual([{ text: 'machine_id', kind: 'column', table: 'mes.orders' }])
  })

  it('quotes identifiers only when DuckDB needs it', () => {
    expect(sqlIdentifier('machine_id')).toBe('machine_id')
    expect(sqlIdentifier('order')).toBe('"order"')
    expect(sqlIdentifier('Machine "A"')).toBe('"Machine ""A"""')
  })
})

describe('cells of a preview', () => {
  it('writes timestamps in plant time, integers with separators, null as a dash', () => {
    expect(cellText('2026-12-03T12:50:13Z', 'TIMESTAMP WITH TIME ZONE', 'Europe/Berlin', ['en-GB'])).toBe('03/12/2026, 13:50:13 CET')
    expect(cellText(1234567, 'BIGINT', 'UTC', ['de-DE'])).toBe('1.234.567')
    expect(cellText(0.1 + 0.2, 'DOUBLE', 'UTC', ['en-US'])).toBe('0.3')
    expect(cellText(null, 'VARCHAR', 'UTC')).toBe('–')
    expect(cellText({ a: 1 }, 'STRUCT', 'UTC')).toBe('{"a":1}')
    expect(isNumeric('BIGINT')).toBe(true)
    expect(isNumeric('VARCHAR')).toBe(false)
  })
})
