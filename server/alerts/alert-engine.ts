/**
 * The live evaluation of the stored rules: readings, closed windows, clock ticks and SQL rule
 * runs go through alerts/ evaluate (the very code backtests fold), and each transition is
 * recorded — the alert and an event in the app database, silences checked — then published.
 * Feeding it is one call per input (`onReading`, `onWindow`, `tick`, `onRows`); evaluation is
 * synchronous, so 10,000 readings a second cost no I/O, and the rare transitions are written in
 * order by one queue (`flush()` waits for it).
 */
import { evaluate, handOver, initialState, restoredState, type AlertInput, type ReadingInput, type RuleState, type SeriesState, type Transition, type WindowInput } from '../../alerts/index.ts'
import type { AppDb } from '../../db/index.ts'
import type { AlertBus } from './alert-bus.ts'
import { activeAlertsOf, recordPeaks, recordTransition, resolveRuleAlerts } from './alert-store.ts'
import { enabledRules, type StoredRule } from './rule-store.ts'
import { tickTime } from './event-clock.ts'
import { isSilenced } from './silence-store.ts'

export interface AlertEngineOptions {
  db: AppDb
  bus: AlertBus
  /** Wall-clock time: silences are made in it, while transitions carry event time. */
  clock: () => number
  onError: (error: unknown, context: string) => void
}

interface LiveRule {
  stored: StoredRule
  state: RuleState
}

export class AlertEngine {
  private rules = new Map<number, LiveRule>()
  private writes: Promise<void> = Promise.resolve()
  /** Readings since the last tick, and the newest reading's event time: the ticks' clock. */
  private arrived = false
  private newestReading = Number.NEGATIVE_INFINITY
  /** The peak last written for a series' current alert (`recordPeaks`). */
  private recordedPeaks = new WeakMap<SeriesState, number>()

  constructor(private readonly options: AlertEngineOptions) {}

  /**
   * Reads the enabled rules again. A rule whose version is unchanged keeps its state; one that
   * changed, was disabled or deleted has its pending and firing alerts resolved — the new version
   * starts from nothing and raises them again if they still hold. A rule this process has not
   * evaluated yet (all of them at start) carries on from the alerts a previous process left
   * pending or firing (alerts/restore.ts): no second alert, no second `firing`.
   */
  async reload(): Promise<void> {
    const stored = await enabledRules(this.options.db, (id, error) => this.options.onError(error, `alert rule ${id} no longer validates; skipped`))
    const next = new Map<number, LiveRule>()
    for (const rule of stored) {
      const current = this.rules.get(rule.id)
      if (current === undefined) next.set(rule.id, { stored: rule, state: restoredState(rule.rule, await activeAlertsOf(this.options.db, rule.id)) })
      else next.set(rule.id, current.stored.version === rule.version ? current : { stored: rule, state: initialState() })
    }
    const ended = [...this.rules.keys()].filter((id) => next.get(id) !== this.rules.get(id))
    this.rules = next
    const at = this.options.clock()
    this.writes = this.writes.then(async () => {
      for (const id of ended) {
        try {
          for (const event of await resolveRuleAlerts(this.options.db, id, at)) this.options.bus.publish(event)
        } catch (error) {
          this.options.onError(error, `cannot resolve the alerts of changed rule ${id}`)
        }
      }
    })
    await this.writes
  }

  /**
   * This instance's stream partitions changed (several instances in one consumer group): each
   * stream rule keeps the series `owned` says are read here and holds the others' pending and
   * firing alerts as the app database has them, dormant until their readings arrive
   * (alerts/handover.ts) — nothing resolved, nothing fired. This instance's own transitions are
   * written first, so the instance that gained a partition finds them there.
   */
  async handOver(owned: (key: string) => boolean): Promise<void> {
    await this.writes
    for (const live of this.rules.values()) {
      if (live.stored.rule.kind === 'sql') continue
      handOver(live.stored.rule, live.state, owned, await activeAlertsOf(this.options.db, live.stored.id))
    }
  }

  /** The enabled SQL rules, for their schedule. */
  sqlRules(): StoredRule[] {
    return [...this.rules.values()].map((live) => live.stored).filter((stored) => stored.rule.kind === 'sql')
  }

  onReading(reading: ReadingInput): void {
    this.arrived = true
    if (reading.ts > this.newestReading) this.newestReading = reading.ts
    this.feed(reading)
  }

  onWindow(window: WindowInput): void {
    this.feed(window)
  }

  /** The event-time clock, for stale rules: call about once a second with the wall clock (./event-clock.ts turns it into event time). */
  tick(now: number): void {
    const ts = tickTime(now, this.arrived, this.newestReading)
    this.arrived = false
    this.feed({ kind: 'tick', ts })
  }

  /** One run of a SQL rule. */
  onRows(ruleId: number, rows: readonly Record<string, unknown>[], ts: number): void {
    const live = this.rules.get(ruleId)
    if (live === undefined || live.stored.rule.kind !== 'sql') return
    this.apply(live, { kind: 'rows', ts, rows })
  }

  /** Resolves once every transition so far is recorded. */
  flush(): Promise<void> {
    return this.writes
  }

  /**
   * Records each pending and firing alert's peak so far where it grew since the last call: the
   * transitions write the peak, not every worse reading, so the alerts list and a restarted
   * process would otherwise see the peak of the last transition. The server calls it every few
   * seconds and at stop; a crash loses at most the last interval's.
   */
  async recordPeaks(): Promise<void> {
    const peaks: { ruleId: number; key: string; peak: number }[] = []
    for (const live of this.rules.values()) {
      for (const [key, series] of live.state.series) {
        const peak = series.life.peak
        if (series.life.phase === 'inactive' || !Number.isFinite(peak) || this.recordedPeaks.get(series) === peak) continue
        this.recordedPeaks.set(series, peak)
        peaks.push({ ruleId: live.stored.id, key, peak })
      }
    }
    if (peaks.length === 0) return this.writes
    this.writes = this.writes.then(() => recordPeaks(this.options.db, peaks)).catch((error: unknown) => this.options.onError(error, 'cannot record the peaks of the active alerts'))
    await this.writes
  }

  private feed(input: AlertInput): void {
    for (const live of this.rules.values()) {
      if (live.stored.rule.kind !== 'sql') this.apply(live, input)
    }
  }

  private apply(live: LiveRule, input: AlertInput): void {
    const { transitions } = evaluate(live.stored.rule, live.state, input)
    if (transitions.length === 0) return
    const rule = { id: live.stored.id, name: live.stored.rule.name }
    this.writes = this.writes.then(() => this.record(rule, transitions))
  }

  private async record(rule: { id: number; name: string }, transitions: Transition[]): Promise<void> {
    for (const transition of transitions) {
      try {
        const silenced = await isSilenced(this.options.db, transition.labels, rule.name, this.options.clock())
        this.options.bus.publish(await recordTransition(this.options.db, rule, transition, silenced))
      } catch (error) {
        this.options.onError(error, `cannot record the ${transition.to} transition of alert rule ${rule.id} (${transition.key})`)
      }
    }
  }
}
