import { afterEach, describe, expect, it } from 'vitest'
import { LiveHub } from './live-hub.ts'
import { LiveTracker } from '../windows/index.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')
const reading = (sensorId: string, machineId: string, offsetMs: number, temperatureC: number) => ({ sensorId, machineId, ts: t0 + offsetMs, temperatureC })
let hub: LiveHub
afterEach(() => hub?.stop())

describe('the live hub', () => {
  it('sends one live event per tick with the latest reading and running window of each changed sensor', async () => {
    hub = new LiveHub({ tickMs: 20 })
    const sub = hub.subscribe()
    hub.add(reading('T1', 'M1', 1_000, 70))
    hub.add(reading('T1', 'M1', 2_000, 72))
    hub.add(reading('T2', 'M2', 1_500, 50))
    const [event] = await sub.next()
    expect(event).toMatchObject({ event: 'live' })
    const sensors = (event as { data: { sensors: { sensorId: string; latest: { temperatureC: number }; window: { n: number; avgC: number } }[] } }).data.sensors
    expect(sensors.map((s) => [s.sensorId, s.latest.temperatureC, s.window.n, s.window.avgC])).toEqual([['T1', 72, 2, 71], ['T2', 50, 1, 50]])
  })

  it('filters by machine and sensor, and sends closed windows as window events', async () => {
    hub = new LiveHub({ tickMs: 20, allowedLatenessMs: 0 })
    const sub = hub.subscribe({ machines: ['M1'] })
    hub.add(reading('T1', 'M1', 1_000, 70))
    hub.add(reading('T2', 'M2', 1_000, 50))
    await sub.next()
    hub.add(reading('T1', 'M1', 61_000, 71))
    const events = await sub.next()
    expect(events.map((e) => e.event)).toEqual(['window', 'live'])
    expect(events[0]!.data).toMatchObject({ sensorId: 'T1', n: 1, avgC: 70 })
  })

  it('replays the window events after Last-Event-ID to a reconnecting client', async () => {
    hub = new LiveHub({ tickMs: 20, allowedLatenessMs: 0 })
    const first = hub.subscribe()
    hub.add(reading('T1', 'M1', 1_000, 70))
    hub.add(reading('T1', 'M1', 61_000, 71))
    hub.add(reading('T1', 'M1', 121_000, 72))
    const seen = await first.next()
    const firstWindow = seen.find((e) => e.event === 'window')!
    first.close()
    const again = hub.subscribe({}, firstWindow.id - 1)
    const replayed = await again.next()
    expect(replayed.filter((e) => e.event === 'window').map((e) => (e.data as { windowStart: number }).windowStart - t0)).toEqual([0, 60_000])
  })

  it('tells a slow client it overflowed and gives it the newest state, without holding others', async () => {
    hub = new LiveHub({ tickMs: 5, queueLimit: 3 })
    const slow = hub.subscribe()
    const fast = hub.subscribe()
    for (let i = 0; i < 10; i++) {
      hub.add(reading('T1', 'M1', i * 100, 60 + i))
      await fast.next()
    }
    const [overflow] = await slow.next()
    expect(overflow).toMatchObject({ event: 'overflow' })
    expect((overflow!.data as { sensors: { latest: { temperatureC: number } }[] }).sensors[0]!.latest.temperatureC).toBe(69)
  })

  it('sends what the consumer’s parser thread windowed (addLocal) like readings added one by one, and publishes it as local', async () => {
    hub = new LiveHub({ tickMs: 20, allowedLatenessMs: 0 })
    const published: { sensors: string[]; windows: string[] }[] = []
    hub.onLocalTick((update) => published.push({ sensors: update.sensors.map((s) => s.sensorId), windows: update.windows.map((w) => w.sensorId) }))
    const sub = hub.subscribe({ machines: ['M1'] })
    const tracker = new LiveTracker({ allowedLatenessMs: 0 })
    tracker.add(reading('T1', 'M1', 1_000, 70))
    tracker.add(reading('T2', 'M2', 1_000, 50))
    hub.addLocal(tracker.take())
    const [live] = await sub.next()
    expect((live!.data as { sensors: { sensorId: string; window: { n: number } }[] }).sensors.map((s) => [s.sensorId, s.window.n])).toEqual([['T1', 1]])
    tracker.add(reading('T1', 'M1', 61_000, 71))
    hub.addLocal(tracker.take())
    const events = await sub.next()
    expect(events.map((e) => e.event)).toEqual(['window', 'live'])
    expect(events[0]!.data).toMatchObject({ sensorId: 'T1', n: 1, avgC: 70 })
    // T2's only window closed: it is no longer shown.
    expect(hub.snapshot().map((s) => s.sensorId)).toEqual(['T1'])
    expect(published).toEqual([{ sensors: ['T1', 'T2'], windows: [] }, { sensors: ['T1'], windows: ['T1', 'T2'] }])
  })

  it('frees a subscriber at once when it closes', () => {
    hub = new LiveHub()
    const sub = hub.subscribe()
    expect(hub.subscriberCount).toBe(1)
    sub.close()
    expect(hub.subscriberCount).toBe(0)
  })
})
