/**
 * The live side of the sensor stream, in memory: every reading updates its sensor's running
 * window; every `tickMs` subscribers get one `live` event with what changed, and a `window` event
 * for each window the watermark closed. Window events of the last hour are kept, so a client
 * that reconnects with Last-Event-ID gets what it missed. Each subscriber has a bounded queue: a
 * slow client is told it overflowed and gets the newest state, and never slows anyone else.
 * The pipeline windows its readings where it parses them and hands over one update per parsed
 * block (`addLocal`, see ../windows/live-tracker.ts), for every source; `add` takes single
 * readings (benchmarks and tests that feed the hub directly).
 * With several instances, sensors read by another instance arrive as its snapshots and closed
 * windows (`addRemote*`, fed by ./window-feed.ts), and this hub's own ones go out through
 * `onLocalTick`; subscribers see both alike.
 */
import type { LiveUpdate } from '../windows/index.ts'
import type { SensorReading } from '../contract/index.ts'
import { Windowing, type WindowAggregate } from '../windows/index.ts'

export interface LiveSensor {
  sensorId: string
  machineId: string | null
  latest: { ts: number; temperatureC: number }
  window: WindowAggregate
}

export type LiveEvent =
  | { id: number; event: 'live'; data: { sensors: LiveSensor[] } }
  | { id: number; event: 'window'; data: WindowAggregate }
  | { id: number; event: 'overflow'; data: { dropped: number; sensors: LiveSensor[] } }

export interface LiveFilter {
  machines?: string[]
  sensors?: string[]
}

export interface Subscriber {
  /** Waits for the next events; resolves with [] when the subscription closes. */
  next(): Promise<LiveEvent[]>
  close(): void
}

/** What this hub computed from its own readings in one tick, for other instances. */
export type LocalTickListener = (update: { sensors: LiveSensor[]; windows: WindowAggregate[] }) => void

export interface LiveHubOptions {
  tickMs?: number
  allowedLatenessMs?: number
  /** Events a client may have waiting before it is told it overflowed. */
  queueLimit?: number
  historyMs?: number
}

export class LiveHub {
  private readonly windowing: Windowing
  private readonly latest = new Map<string, { machineId: string | null; ts: number; temperatureC: number }>()
  private changed = new Set<string>()
  /** Own sensors windowed elsewhere (the consumer's parser thread): their latest snapshot, and windows closed, not yet sent. */
  private readonly local = new Map<string, LiveSensor>()
  private localWindows: WindowAggregate[] = []
  /** Sensors read by other instances: their latest snapshot, and windows they closed, not yet sent. */
  private readonly remote = new Map<string, LiveSensor>()
  private remoteWindows: WindowAggregate[] = []
  private changedLocal = new Set<string>()
  private localTickListener: LocalTickListener | undefined
  private readonly history: { at: number; event: Extract<LiveEvent, { event: 'window' }> }[] = []
  private readonly subscribers = new Set<Queue>()
  private nextId = 1
  private readonly timer: NodeJS.Timeout
  readonly queueLimit: number
  readonly historyMs: number

  constructor(options: LiveHubOptions = {}) {
    this.windowing = new Windowing({ allowedLatenessMs: options.allowedLatenessMs })
    this.queueLimit = options.queueLimit ?? 1_000
    this.historyMs = options.historyMs ?? 3_600_000
    this.timer = setInterval(() => this.tick(), options.tickMs ?? 100)
    this.timer.unref()
  }

  get subscriberCount(): number {
    return this.subscribers.size
  }

  add(reading: SensorReading): void {
    if (this.windowing.add(reading) !== 'added') return
    const previous = this.latest.get(reading.sensorId)
    if (previous === undefined || reading.ts >= previous.ts) this.latest.set(reading.sensorId, { machineId: reading.machineId, ts: reading.ts, temperatureC: reading.temperatureC })
    this.changed.add(reading.sensorId)
    if (this.localTickListener !== undefined) this.changedLocal.add(reading.sensorId)
  }

  /** This instance's own readings, windowed where they were parsed: one update per parsed block. */
  addLocal(update: LiveUpdate): void {
    for (const sensor of update.sensors) {
      this.local.set(sensor.sensorId, sensor)
      this.changed.add(sensor.sensorId)
      if (this.localTickListener !== undefined) this.changedLocal.add(sensor.sensorId)
    }
    for (const sensorId of update.gone) this.local.delete(sensorId)
    for (const window of update.windows) this.localWindows.push(window)
  }

  /** Another instance's latest state of a sensor it reads. */
  addRemote(sensor: LiveSensor): void {
    const previous = this.remote.get(sensor.sensorId)
    if (previous !== undefined && previous.latest.ts > sensor.latest.ts) return
    this.remote.set(sensor.sensorId, sensor)
    this.changed.add(sensor.sensorId)
  }

  /** A window another instance closed; sent to subscribers at the next tick. */
  addRemoteWindow(window: WindowAggregate): void {
    this.remoteWindows.push(window)
  }

  /** Receives, every tick, what this hub's own readings changed and the windows they closed. */
  onLocalTick(listener: LocalTickListener | undefined): void {
    this.localTickListener = listener
  }

  /** Subscribes; with `lastEventId`, first replays the window events after it (from the last hour). */
  subscribe(filter: LiveFilter = {}, lastEventId?: number): Subscriber {
    const queue = new Queue(this, filter)
    if (lastEventId !== undefined) {
      queue.push(this.history.map((entry) => entry.event).filter((event) => event.id > lastEventId && matches(filter, event.data.sensorId, event.data.machineId)))
    }
    this.subscribers.add(queue)
    return { next: () => queue.next(), close: () => this.unsubscribe(queue) }
  }

  stop(): void {
    clearInterval(this.timer)
    for (const queue of this.subscribers) queue.close()
    this.subscribers.clear()
  }

  /** The current state of the sensors a filter selects. */
  snapshot(filter: LiveFilter = {}, sensorIds: Iterable<string> = new Set([...this.latest.keys(), ...this.local.keys(), ...this.remote.keys()])): LiveSensor[] {
    const open = this.openBySensor()
    const sensors: LiveSensor[] = []
    for (const sensorId of sensorIds) {
      const own = this.own(sensorId, open)
      const remote = this.remote.get(sensorId)
      // A sensor whose partition moved between instances may be known both ways: the newer wins.
      const sensor = remote !== undefined && (own === undefined || remote.latest.ts > own.latest.ts) ? remote : own
      if (sensor !== undefined && matches(filter, sensorId, sensor.machineId)) sensors.push(sensor)
    }
    return sensors
  }

  /** Each sensor's newest open window among those added reading by reading (none when nothing was). */
  private openBySensor(): Map<string, WindowAggregate> {
    return this.latest.size === 0 ? new Map() : new Map(this.windowing.openWindows().map((window) => [window.sensorId, window]))
  }

  /** This instance's state of a sensor: added reading by reading, or windowed where parsed — the newer. */
  private own(sensorId: string, open: Map<string, WindowAggregate>): LiveSensor | undefined {
    const latest = this.latest.get(sensorId)
    const window = open.get(sensorId)
    const added = latest === undefined || window === undefined ? undefined : { sensorId, machineId: latest.machineId, latest: { ts: latest.ts, temperatureC: latest.temperatureC }, window }
    const parsed = this.local.get(sensorId)
    if (parsed === undefined || added === undefined) return parsed ?? added
    return parsed.latest.ts >= added.latest.ts ? parsed : added
  }

  private unsubscribe(queue: Queue): void {
    queue.close()
    this.subscribers.delete(queue)
  }

  private tick(): void {
    const closed = [...this.windowing.closeWindows(), ...this.takeLocalWindows()]
    this.publishLocal(closed)
    const windows = [...closed, ...this.takeRemoteWindows()].map((data) => ({ id: this.nextId++, event: 'window' as const, data }))
    const now = Date.now()
    this.history.push(...windows.map((event) => ({ at: now, event })))
    while (this.history.length > 0 && this.history[0]!.at < now - this.historyMs) this.history.shift()
    const changed = this.changed
    this.changed = new Set()
    if (changed.size === 0 && windows.length === 0) return
    // Computed once per tick, not per subscriber; every unfiltered subscriber gets the very same
    // event objects, so the route can serialise each event once for thousands of clients.
    const sensors = this.snapshot({}, changed)
    const live: LiveEvent | undefined = sensors.length > 0 ? { id: this.nextId, event: 'live', data: { sensors } } : undefined
    const everything = live === undefined ? windows : [...windows, live]
    for (const queue of this.subscribers) {
      if (isEverything(queue.filter)) {
        queue.push(everything)
        continue
      }
      const events: LiveEvent[] = windows.filter((w) => matches(queue.filter, w.data.sensorId, w.data.machineId))
      const mine = sensors.filter((sensor) => matches(queue.filter, sensor.sensorId, sensor.machineId))
      if (mine.length > 0) events.push({ id: this.nextId, event: 'live', data: { sensors: mine } })
      queue.push(events)
    }
    this.nextId++
  }

  private publishLocal(closed: WindowAggregate[]): void {
    if (this.localTickListener === undefined || (this.changedLocal.size === 0 && closed.length === 0)) return
    const changed = this.changedLocal
    this.changedLocal = new Set()
    const open = this.openBySensor()
    const sensors: LiveSensor[] = []
    for (const sensorId of changed) {
      const sensor = this.own(sensorId, open)
      if (sensor !== undefined) sensors.push(sensor)
    }
    this.localTickListener({ sensors, windows: closed })
  }

  private takeLocalWindows(): WindowAggregate[] {
    const windows = this.localWindows
    this.localWindows = []
    return windows
  }

  private takeRemoteWindows(): WindowAggregate[] {
    const windows = this.remoteWindows
    this.remoteWindows = []
    return windows
  }
}

function isEverything(filter: LiveFilter): boolean {
  return (filter.sensors === undefined || filter.sensors.length === 0) && (filter.machines === undefined || filter.machines.length === 0)
}

function matches(filter: LiveFilter, sensorId: string, machineId: string | null): boolean {
  if (filter.sensors !== undefined && filter.sensors.length > 0 && !filter.sensors.includes(sensorId)) return false
  if (filter.machines !== undefined && filter.machines.length > 0 && (machineId === null || !filter.machines.includes(machineId))) return false
  return true
}

/** One subscriber's bounded queue. */
class Queue {
  private events: LiveEvent[] = []
  private waiting: ((events: LiveEvent[]) => void) | undefined
  private dropped = 0
  private closed = false

  constructor(
    private readonly hub: LiveHub,
    readonly filter: LiveFilter,
  ) {}

  push(events: LiveEvent[]): void {
    if (this.closed || events.length === 0) return
    this.events.push(...events)
    if (this.events.length > this.hub.queueLimit) {
      this.dropped += this.events.length
      this.events = [{ id: events.at(-1)!.id, event: 'overflow', data: { dropped: this.dropped, sensors: this.hub.snapshot(this.filter) } }]
    }
    this.wake()
  }

  next(): Promise<LiveEvent[]> {
    if (this.events.length > 0 || this.closed) return Promise.resolve(this.take())
    return new Promise((resolve) => (this.waiting = resolve))
  }

  close(): void {
    this.closed = true
    this.events = []
    this.wake()
  }

  private take(): LiveEvent[] {
    const events = this.events
    this.events = []
    return events
  }

  private wake(): void {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.(this.take())
  }
}
