/**
 * The alerts' running pieces of one server, built once: the engine, its event bus, the SQL
 * rules' schedule, the clock tick and the export of events to the catalog's alerts.events.
 * `start()` loads the rules and starts the timers (the server does; API tests drive the engine
 * themselves), `stop()` ends them and exports what is left.
 */
import type { RuleEvaluator } from '../../jobs/index.ts'
import type { Logger } from '../logger.ts'
import type { Runtime } from '../runtime.ts'
import { AlertBus } from './alert-bus.ts'
import { AlertEngine } from './alert-engine.ts'
import { exportAlertEvents } from './events-export.ts'
import { alertRuleEvaluator } from './pipeline-rule-feed.ts'
import { SqlRuleSchedule } from './sql-rule-schedule.ts'
import { ensurePipelineRules } from './pipeline-rules.ts'
import { DeliveryOutbox } from './delivery-outbox.ts'
import { emailSender, type SmtpSettings } from './email-sender.ts'
import { Notifier } from './notifier.ts'
import { sendWebhook } from './webhook-sender.ts'
import type { SensorWatch } from './sensor-watch.ts'

const TICK_MS = 1_000
const EXPORT_MS = 10_000
const DRAIN_MS = 2_000
const REPEAT_CHECK_MS = 30_000
/** How often the active alerts' peaks are written (they grow between transitions). */
const PEAKS_MS = 5_000

export interface AlertsRuntimeOptions {
  clock?: () => number
  smtp?: SmtpSettings
  /** How long a group's first change waits for others before its message is made (1 s). */
  groupWaitMs?: number
  /** The first retry of a failed delivery (5 s), doubling after each failure. */
  firstRetryMs?: number
  /** This instance as a job-lease holder when several share the app database (SQL rules run on one). */
  leaseHolder?: string
}

export interface AlertsRuntime {
  engine: AlertEngine
  bus: AlertBus
  notifier: Notifier
  outbox: DeliveryOutbox
  schedule: SqlRuleSchedule
  clock: () => number
  /** What the sensor pipeline feeds: every block's readings and closed windows, into the engine. */
  rules: RuleEvaluator
  /** Once the sensor stream runs: its summary, for the silent-topic and consumer-lag pipeline rules. */
  watchSensors(sensors: SensorWatch): void
  /** After a rule changed: reload the rules and reschedule the SQL ones. */
  rulesChanged(): Promise<void>
  /** Commits recorded events to alerts.events now; answers how many. */
  exportEvents(): Promise<number>
  start(): Promise<void>
  stop(): Promise<void>
}

export function alertsRuntime(runtime: Pick<Runtime, 'appDb' | 'catalog' | 'sqlSandbox'>, logger: Pick<Logger, 'warn'>, options: AlertsRuntimeOptions = {}): AlertsRuntime {
  const clock = options.clock ?? Date.now
  const onError = (error: unknown, context: string): void => logger.warn({ err: error }, context)
  const bus = new AlertBus((error) => onError(error, 'an alert listener failed'))
  const engine = new AlertEngine({ db: runtime.appDb, bus, clock, onError })
  const outbox = new DeliveryOutbox({ db: runtime.appDb, clock, senders: { webhook: sendWebhook, email: emailSender(options.smtp ?? { from: 'Plant Cockpit <cockpit@localhost>' }) }, firstRetryMs: options.firstRetryMs })
  const notifier = new Notifier({ db: runtime.appDb, outbox, clock, groupWaitMs: options.groupWaitMs ?? 1_000, onError })
  bus.subscribe((event) => notifier.onEvent(event))
  const schedule = new SqlRuleSchedule({ db: runtime.appDb, engine, sql: runtime.sqlSandbox, clock, onError, leaseHolder: options.leaseHolder })
  const timers: NodeJS.Timeout[] = []
  let exporting: Promise<number> = Promise.resolve(0)
  let started = false

  // One export at a time: two would commit the same events twice.
  const exportEvents = (): Promise<number> => (exporting = exporting.catch(() => 0).then(async () => { await engine.flush(); return exportAlertEvents(runtime.appDb, runtime.catalog) }))

  const rulesChanged = async (): Promise<void> => {
    await engine.reload()
    if (started) schedule.reschedule()
  }

  return {
    engine,
    bus,
    notifier,
    outbox,
    schedule,
    clock,
    rules: alertRuleEvaluator(engine),
    watchSensors: (sensors) => schedule.watchSensors(sensors),
    rulesChanged,
    exportEvents,
    start: async () => {
      started = true
      await ensurePipelineRules(runtime.appDb, new Date(clock()).toISOString())
      await rulesChanged()
      timers.push(
        setInterval(() => engine.tick(clock()), TICK_MS),
        setInterval(() => void exportEvents().catch((error: unknown) => onError(error, 'cannot export alert events to the catalog; trying again')), EXPORT_MS),
        setInterval(() => void engine.recordPeaks(), PEAKS_MS),
        setInterval(() => void outbox.drain().catch((error: unknown) => onError(error, 'cannot deliver alert notifications; trying again')), DRAIN_MS),
        setInterval(() => void notifier.repeatDue(), REPEAT_CHECK_MS),
      )
      for (const timer of timers) timer.unref()
    },
    stop: async () => {
      started = false
      for (const timer of timers.splice(0)) clearInterval(timer)
      schedule.stop()
      notifier.stop()
      await engine.recordPeaks()
      await exportEvents().catch((error: unknown) => onError(error, 'cannot export alert events to the catalog at stop'))
    },
  }
}
