/**
 * Closed one-minute windows from the live hub into the engine, until the sensor pipeline feeds
 * the engine itself (issue 15's one path for readings: it will call `onReading` and `onWindow`).
 * The hub is an in-process subscriber like any SSE client: a window it dropped for a slow
 * consumer (an `overflow`) is not evaluated — the pipeline's own feed will not have that gap.
 */
import type { LiveHub, WindowAggregate } from '../../jobs/index.ts'
import type { WindowInput } from '../../alerts/index.ts'
import type { AlertEngine } from './alert-engine.ts'

export function windowInput(window: WindowAggregate): WindowInput {
  return {
    kind: 'window',
    machine_id: window.machineId ?? '',
    sensor_id: window.sensorId,
    ts: window.windowEnd,
    start: window.windowStart,
    n: window.n,
    min_c: window.minC,
    max_c: window.maxC,
    avg_c: window.avgC,
    stddev_c: window.stddevC ?? 0,
    first_c: window.firstC,
    last_c: window.lastC,
  }
}

/** Feeds windows until the returned stop is called. */
export function feedHubWindows(hub: LiveHub, engine: AlertEngine): () => void {
  const subscription = hub.subscribe()
  void (async () => {
    for (;;) {
      const events = await subscription.next()
      if (events.length === 0) return
      for (const event of events) if (event.event === 'window') engine.onWindow(windowInput(event.data))
    }
  })()
  return () => subscription.close()
}
