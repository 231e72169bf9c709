/**
 * The plant model: one plant-local day of MES rows for all four datasets, a pure function of
 * its options. Each machine gets its own random stream (seed, day, machine), so adding a
 * machine leaves the others' days unchanged.
 */
import { isoUtc, localDayBounds } from '../plant-time.ts'
import { createRandom, deriveSeed, type Random } from './random.ts'
import type { OrderRow, PlantDay, ProductionCountRow, QualityInspectionRow } from './rows.ts'
import { breakWindows, machineTimeline, runningWithin, type DayWindow, type Segment } from './timeline.ts'

export interface PlantDayOptions {
  /** Plant-local calendar day, `YYYY-MM-DD`. */
  day: string
  /** Machines M01..Mnn; 4 unless given. */
  machines?: number
  /** IANA time zone of the plant: the day runs from local midnight to local midnight. */
  plantTz: string
  seed: number
}

export const DEFAULT_MACHINES = 4
const PERIOD_MS = 15 * 60_000
const INSPECTION_CHANCE = 0.25
const FAIL_CHANCE = 0.05
const DEFECTS = ['SCRATCH', 'DIMENSION', 'BURR', 'PORE', 'COLOR'] as const

/** The product catalogue: a fixed ideal cycle time per product, 20–60 s in half seconds. */
export const PRODUCTS = Array.from({ length: 12 }, (_, i) => ({ id: `P-${100 + i}`, idealCycleTimeS: 20 + ((i * 29) % 81) * 0.5 }))

export function machineIds(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 99) throw new RangeError(`machines ${count}: expected an integer 1..99`)
  return Array.from({ length: count }, (_, i) => `M${String(i + 1).padStart(2, '0')}`)
}

export function simulatePlantDay(options: PlantDayOptions): PlantDay {
  const bounds = localDayBounds(options.day, options.plantTz)
  const breaks = breakWindows(options.day, options.plantTz, bounds)
  const day: PlantDay = { orders: [], machine_states: [], production_counts: [], quality_inspections: [] }
  for (const machine of machineIds(options.machines ?? DEFAULT_MACHINES)) {
    const random = createRandom(deriveSeed(options.seed, options.day, machine))
    const segments = machineTimeline(bounds, breaks, random)
    const orders = planOrders(options.day, machine, bounds, random)
    day.orders.push(...orders)
    for (const s of segments) {
      day.machine_states.push({ machine_id: machine, state: s.state, start_time: isoUtc(s.start), end_time: isoUtc(s.end), reason_code: s.reason })
    }
    produce(options.day, machine, bounds, segments, orders, random, day)
  }
  return day
}

/**
 * Two to four orders back to back over the day, cut at quarter hours so that each 15-minute
 * count period belongs to exactly one order.
 */
function planOrders(day: string, machine: string, bounds: DayWindow, random: Random): OrderRow[] {
  const quarters = Math.ceil((bounds.end - bounds.start) / PERIOD_MS)
  const count = random.int(2, 4)
  const base = Math.floor(quarters / count)
  const cuts = [0]
  for (let i = 1; i < count; i++) cuts.push(i * base + random.int(-Math.floor(base / 3), Math.floor(base / 3)))
  cuts.push(quarters)
  const orders: OrderRow[] = []
  let previous: string | undefined
  for (let i = 0; i < count; i++) {
    const product = random.pick(PRODUCTS.filter((p) => p.id !== previous))
    previous = product.id
    const start = bounds.start + cuts[i]! * PERIOD_MS
    const end = Math.min(bounds.start + cuts[i + 1]! * PERIOD_MS, bounds.end)
    // Planners assume about 85% of the ideal rate, rounded to tens as on a real work order.
    const plannedQty = Math.max(10, Math.round(((end - start) / 1000 / product.idealCycleTimeS) * 0.085) * 10)
    orders.push({
      order_id: `WO-${day.replaceAll('-', '')}-${machine}-${i + 1}`,
      product_id: product.id,
      machine_id: machine,
      planned_qty: plannedQty,
      ideal_cycle_time_s: product.idealCycleTimeS,
      planned_start: isoUtc(start),
      planned_end: isoUtc(end),
    })
  }
  return orders
}

/** Counts per 15-minute period with RUNNING time, and inspections sampled from those periods. */
function produce(day: string, machine: string, bounds: DayWindow, segments: Segment[], orders: OrderRow[], random: Random, out: PlantDay): void {
  const scrapRates = orders.map(() => random.float(0.01, 0.05))
  let inspections = 0
  for (let start = bounds.start, q = 0; start < bounds.end; start += PERIOD_MS, q++) {
    const end = Math.min(start + PERIOD_MS, bounds.end)
    const running = runningWithin(segments, start, end)
    const runningS = running.reduce((sum, w) => sum + (w.end - w.start) / 1000, 0)
    if (runningS === 0) continue
    const orderIndex = orders.findIndex((o) => Date.parse(o.planned_end) > start)
    const order = orders[orderIndex]!
    // Never faster than the ideal cycle time; small stops and slow cycles cost 2–15%.
    const total = Math.floor(Math.floor(runningS / order.ideal_cycle_time_s) * random.float(0.85, 0.98))
    let scrap = 0
    for (let i = 0; i < total; i++) if (random.chance(scrapRates[orderIndex]!)) scrap++
    const row: ProductionCountRow = {
      machine_id: machine, order_id: order.order_id, product_id: order.product_id,
      period_start: isoUtc(start), period_end: isoUtc(end), good_count: total - scrap, scrap_count: scrap,
    }
    out.production_counts.push(row)
    if (random.chance(INSPECTION_CHANCE)) {
      inspections++
      out.quality_inspections.push(inspect(day, machine, inspections, order, running, random))
    }
  }
}

function inspect(day: string, machine: string, n: number, order: OrderRow, running: DayWindow[], random: Random): QualityInspectionRow {
  const window = random.pick(running)
  const at = window.start + Math.floor(random.float(0, (window.end - window.start) / 1000)) * 1000
  const failed = random.chance(FAIL_CHANCE)
  return {
    inspection_id: `QI-${day.replaceAll('-', '')}-${machine}-${String(n).padStart(3, '0')}`,
    machine_id: machine,
    order_id: order.order_id,
    inspected_at: isoUtc(at),
    result: failed ? 'FAIL' : 'PASS',
    defect_code: failed ? random.pick(DEFECTS) : null,
    // A failed part is often reworkable; a passed part never needs it.
    rework: failed && random.chance(0.5),
  }
}
