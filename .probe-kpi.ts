import { DuckDBInstance } from '@duckdb/node-api'
import { kpiSql } from './jobs/kpi/kpi-sql.ts'
const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' })
const c = await db.connect()
await c.run(`CREATE SCHEMA mes;
CREATE TABLE mes.orders AS SELECT 'O'||i AS order_id, 'P' AS product_id, 'M' AS machine_id, 100::BIGINT planned_qty, (10 + i % 20)::DOUBLE ideal_cycle_time_s, TIMESTAMPTZ '2026-03-01T00:00:00Z' planned_start, TIMESTAMPTZ '2026-04-01T00:00:00Z' planned_end FROM range(1000) t(i);
CREATE TABLE mes.machine_states AS SELECT 'M'||m AS machine_id, ['RUNNING','IDLE','DOWN','PLANNED_STOP'][1 + (i % 4)::INT] AS state, TIMESTAMPTZ '2026-03-01T00:00:00Z' + to_seconds(i*600 + m) AS start_time, TIMESTAMPTZ '2026-03-01T00:00:00Z' + to_seconds(i*600 + m + 600 + (i%97)*300) AS end_time, NULL::VARCHAR reason_code FROM range(200) a(m), range(4464) b(i);
CREATE TABLE mes.production_counts AS SELECT 'M'||m machine_id, 'O'||(i%1000) order_id, 'P' product_id, TIMESTAMPTZ '2026-03-01T00:00:00Z' + to_seconds(i*900+m*7) period_start, TIMESTAMPTZ '2026-03-01T00:00:00Z' + to_seconds(i*900+900) period_end, 50::BIGINT good_count, 2::BIGINT scrap_count FROM range(200) a(m), range(2976) b(i);
CREATE TABLE mes.quality_inspections AS SELECT 'I'||m||'-'||i inspection_id, 'M'||m machine_id, NULL::VARCHAR order_id, TIMESTAMPTZ '2026-03-01T00:00:00Z' + to_seconds(i*1000+m) inspected_at, CASE WHEN i%7=0 THEN 'FAIL' ELSE 'PASS' END result, NULL::VARCHAR defect_code, i%11=0 rework FROM range(200) a(m), range(2678) b(i);
`)
await c.run("PRAGMA enable_profiling='json'"); await c.run("PRAGMA profiling_output='/tmp/kpi/prof.json'")
await c.run(`CREATE TABLE x AS ` + kpiSql({ grain: 'hour', plantTz: 'Europe/Berlin', from: '2026-02-28T23:00:00Z', to: '2026-03-31T22:00:00Z' }))
