import { describe, expect, it } from 'vitest'
import { columnSources } from './column-sources.ts'
import { datasets } from './datasets.ts'
import { driftMessage, dumpSchema, fitsKind, hasDrift, schemaDrift, type DumpSchema } from './schema-drift.ts'

const spec = datasets.production_counts
const CONTRACT = ['machine_id', 'order_id', 'product_id', 'period_start', 'period_end', 'good_count', 'scrap_count']
const TYPES: Record<string, string> = { machine_id: 'VARCHAR', order_id: 'VARCHAR', product_id: 'VARCHAR', period_start: 'TIMESTAMP', period_end: 'TIMESTAMP', good_count: 'BIGINT', scrap_count: 'BIGINT' }

function dump(columns: readonly string[], types: Record<string, string> | undefined = TYPES): { schema: DumpSchema; sources: ReturnType<typeof columnSources> } {
  const sources = columnSources(spec, [...columns])
  return { schema: dumpSchema(columns, types), sources }
}

function drift(columns: readonly string[], types: Record<string, string> | undefined, previous: DumpSchema | undefined) {
  const { schema, sources } = dump(columns, types)
  return schemaDrift(spec, sources, schema, previous)
}

describe('schema drift of an MES dump', () => {
  const previous = dump(CONTRACT).schema

  it('finds none when a dump matches its contract and the previous dump', () => {
    expect(hasDrift(drift(CONTRACT, TYPES, previous))).toBe(false)
    expect(hasDrift(drift(CONTRACT, TYPES, undefined))).toBe(false)
  })

  it('names a new column, a missing one and a retyped one, as the alert message says them', () => {
    const columns = [...CONTRACT.filter((name) => name !== 'scrap_count'), 'shift_code']
    const found = drift(columns, { ...TYPES, good_count: 'VARCHAR', shift_code: 'VARCHAR' }, previous)
    expect(found).toEqual({ added: ['shift_code'], lacking: ['scrap_count'], retyped: [{ column: 'good_count', from: 'BIGINT', to: 'VARCHAR' }] })
    expect(driftMessage('production_counts', '2026-12-01.csv', found)).toBe('mes.production_counts: 2026-12-01.csv has new column `shift_code`, lacks `scrap_count`, `good_count` changed BIGINT→VARCHAR')
  })

  it('compares a first dump with the contract only', () => {
    expect(drift([...CONTRACT.filter((name) => name !== 'product_id'), 'customer'], TYPES, undefined)).toEqual({ added: ['customer'], lacking: ['product_id'], retyped: [] })
  })

  it('counts only moves away from the contract: a dump that comes back to it matches again', () => {
    const drifted = dump([...CONTRACT.filter((name) => name !== 'order_id'), 'shift_code'], { ...TYPES, good_count: 'VARCHAR', shift_code: 'VARCHAR' }).schema
    // order_id back, shift_code gone, good_count a BIGINT again: nothing new, nothing the contract misses.
    expect(hasDrift(drift(CONTRACT, TYPES, drifted))).toBe(false)
    // The same drift again is not new: an extra column the previous dump had is no news.
    expect(drift([...CONTRACT, 'shift_code'], { ...TYPES, shift_code: 'VARCHAR' }, drifted)).toEqual({ added: [], lacking: [], retyped: [] })
  })

  it('a column of no contract changing type is drift; types a format does not tell (JSON) are never compared', () => {
    const withExtra = dump([...CONTRACT, 'shift_code'], { ...TYPES, shift_code: 'VARCHAR' }).schema
    expect(drift([...CONTRACT, 'shift_code'], { ...TYPES, shift_code: 'BIGINT' }, withExtra).retyped).toEqual([{ column: 'shift_code', from: 'VARCHAR', to: 'BIGINT' }])
    expect(hasDrift(drift(CONTRACT, undefined, previous))).toBe(false)
    expect(hasDrift(drift(CONTRACT, TYPES, dump(CONTRACT, undefined).schema))).toBe(false)
  })

  it('maps a renamed column through the mapping before comparing', () => {
    const sources = columnSources(spec, [...CONTRACT.filter((name) => name !== 'good_count'), 'Good'], { good_count: 'Good' })
    const schema = dumpSchema([...CONTRACT.filter((name) => name !== 'good_count'), 'Good'], { ...TYPES, Good: 'BIGINT' })
    expect(hasDrift(schemaDrift(spec, sources, schema, previous, { good_count: 'Good' }))).toBe(false)
    // The previous dump is matched with the mapping too: `Good` there was good_count.
    expect(hasDrift(schemaDrift(spec, sources, schema, schema, { good_count: 'Good' }))).toBe(false)
  })

  it('knows which DuckDB types hold each contract kind', () => {
    expect([fitsKind('integer', 'BIGINT'), fitsKind('integer', 'VARCHAR'), fitsKind('number', 'DOUBLE'), fitsKind('number', 'DECIMAL(9,2)'), fitsKind('timestamp', 'TIMESTAMP WITH TIME ZONE'), fitsKind('timestamp', 'VARCHAR'), fitsKind('text', 'BIGINT'), fitsKind('boolean', 'BOOLEAN')]).toEqual([true, false, true, true, true, false, true, true])
  })
})
