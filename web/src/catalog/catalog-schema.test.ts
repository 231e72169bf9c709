import { afterEach, describe, expect, it } from 'vitest'
import { catalogSchema, forgetCatalogSchema } from './catalog-schema.ts'

const tables = [{ name: 'kpi.machine_daily', layer: 'kpi', columns: [{ name: 'oee', type: 'DOUBLE' }] }]

describe('the catalog schema completion and the side panel share', () => {
  afterEach(forgetCatalogSchema)

  it('is read once however often it is asked for, and afresh after forgetting', async () => {
    let reads = 0
    const read = async () => (reads++, { data: { tables } })
    await Promise.all([catalogSchema(read), catalogSchema(read), catalogSchema(read)])
    expect(reads).toBe(1)
    forgetCatalogSchema()
    expect((await catalogSchema(read)).data?.tables).toEqual(tables)
    expect(reads).toBe(2)
  })

  it('is read again after a failed read', async () => {
    let reads = 0
    const failing = async () => (reads++, { error: { code: 'unreachable', message: 'down', status: 0 } })
    expect((await catalogSchema(failing)).error?.message).toBe('down')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect((await catalogSchema(async () => (reads++, { data: { tables } }))).data?.tables).toEqual(tables)
    expect(reads).toBe(2)
  })
})
