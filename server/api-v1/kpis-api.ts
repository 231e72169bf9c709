/**
 * /api/v1/kpis: the KPI gold tables as first-class resources — per machine and plant-local day
 * (`kpi.machine_daily`) or UTC hour (`kpi.machine_hourly`) over a validated range of days.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { getTable, type Catalog } from '../../catalog/index.ts'
import { plantDayOf } from '../../cells/index.ts'
import { KPI_TABLES } from '../../jobs/index.ts'
import type { AuthEnv } from '../auth/principal.ts'
import { errorResponses } from './error-responses.ts'
import { apiRouter } from './validation-hook.ts'
import type { PageSource } from './catalog-page.ts'
import { decodeCursor } from './cursor.ts'
import { DEFAULT_DAYS, kpiRangeQuery, MAX_DAYS, resolveKpiRange, type KpiGrain } from './kpi-range.ts'
import { answerPage } from './page-answer.ts'
import { pageHeadersDoc, pageParams, rowsContent } from './page-params.ts'
import type { RowFilter } from './page-select.ts'

export interface KpisApiOptions {
  catalog: Catalog
  pages: PageSource
  /** The plant's time zone: a request without `from`/`to` gets its last days. */
  plantTz: string
}

const TABLES = { daily: KPI_TABLES.day, hourly: KPI_TABLES.hour } as const

function kpiRoute(grain: KpiGrain, today: () => string) {
  return createRoute({
    method: 'get',
    operationId: grain === 'daily' ? 'getDailyMachineKpis' : 'getHourlyMachineKpis',
    path: `/kpis/machines/${grain}`,
    tags: ['kpis'],
    summary: `Machine KPIs per ${grain === 'daily' ? 'plant-local day' : 'hour'}`,
    description:
      `Rows of \`${TABLES[grain].name}\`: availability, performance, quality, OEE, utilization, production rate, scrap rate and first-pass yield ` +
      `per machine and ${grain === 'daily' ? 'plant-local day' : 'UTC hour'}, for the plant-local days from \`from\` to \`to\` (at most ${MAX_DAYS[grain]} days), ` +
      `ordered by period and machine. Paged like table rows. Without \`from\` and \`to\`: the last ${DEFAULT_DAYS} plant-local days, today included; ` +
      `without \`from\`: the ${DEFAULT_DAYS} days ending at \`to\`; without \`to\`: up to today.`,
    request: {
      query: kpiRangeQuery(grain, {
        machine: z.string().min(1).max(100).optional().openapi({ description: 'Only this machine_id.', example: 'M1' }),
        ...pageParams,
      }, today),
    },
    responses: { 200: { description: 'One page of KPI rows', headers: pageHeadersDoc, content: rowsContent }, ...errorResponses(400, 401, 403) },
  })
}

export function kpisApi(options: KpisApiOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const today = () => plantDayOf(new Date(), options.plantTz)
  for (const grain of ['daily', 'hourly'] as const) {
    api.openapi(kpiRoute(grain, today), async (c) => {
      const query = c.req.valid('query')
      const { from, to } = resolveKpiRange(query, today())
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
      // Before the first MES run the table is not registered yet: answer its columns and no rows.
      const table = (await getTable(options.catalog, TABLES[grain].name)) ?? TABLES[grain]
      const filters: RowFilter[] = [{ kind: 'range', column: 'day', cast: 'DATE', from, to }]
      if (query.machine !== undefined) filters.push({ kind: 'equals', column: 'machine_id', value: query.machine })
      const request = { table, filters, orderFirst: ['period_start', 'machine_id'], cursor, limit: query.limit, format: query.format }
      return answerPage(c, options.pages, request, `${table.name}-${from}-${to}`) as never
    })
  }
  return api
}
