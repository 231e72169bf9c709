/** /api/catalog: the tables with their figures, and a table's snapshots. */
import { Hono } from 'hono'
import { notFound } from '../http/api-error.ts'
import { getTable, tableHistory, tableStats, type Catalog } from '../../catalog/index.ts'

export function catalogRoute(catalog: Catalog): Hono {
  return new Hono()
    .get('/tables', async (c) => c.json({ tables: await tableStats(catalog) }))
    .get('/tables/:name', async (c) => {
      const name = c.req.param('name')
      const table = await getTable(catalog, name)
      if (table === undefined) throw notFound(`no table '${name}' in the catalog`, 'name')
      return c.json({ table, history: await tableHistory(catalog, name) })
    })
}
