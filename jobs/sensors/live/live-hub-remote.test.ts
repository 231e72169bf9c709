/** The live hub with other instances: remote snapshots and windows reach subscribers; only local work is published. */
import { afterEach, describe, expect, it } from 'vitest'
import { LiveHub, type LiveSensor } from './live-hub.ts'
import type { WindowAggregate } from '../windows/index.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')
const reading = (sensorId: string, offsetMs: number, temperatureC: number) => ({ sensorId, machineId: 'M1', ts: t0 + offsetMs, temperatureC })
const window = (sensorId: string, n: number): WindowAggregate => ({ sensorId, machineId: 'M2', windowStart: t0, windowEnd: t0 + 60_000, n, minC: 40, maxC: 42, avgC: 41, stddevC: 1, firstC: 40, lastC: 42 })
const remote = (sensorId: string, ts: number, temperatureC: number): LiveSensor => ({ sensorId, machineId: 'M2', latest: { ts: t0 + ts, temperatureC }, window: window(sensorId, 3) })
let hub: LiveHub
afterEach(() => hub?.stop())

describe('the live hub across instances', () => {
  it('sends remote snapshots and remote closed windows to its subscribers, filtered like local ones', async () => {
    hub = new LiveHub({ tickMs: 20 })
    const all = hub.subscribe()
    const m1 = hub.subscribe({ machines: ['M1'] })
    hub.add(reading('L1', 1_000, 70))
    hub.addRemote(remote('R1', 2_000, 42))
    hub.addRemoteWindow(window('R1', 5))
    const events = await all.next()
    expect(events.map((e) => e.event)).toEqual(['window', 'live'])
    expect(events[0]!.data).toMatchObject({ sensorId: 'R1', n: 5 })
    expect((events[1]!.data as { sensors: LiveSensor[] }).sensors.map((s) => [s.sensorId, s.latest.temperatureC])).toEqual([['L1', 70], ['R1', 42]])
    const local = await m1.next()
    expect(local.map((e) => e.event)).toEqual(['live'])
    expect((local[0]!.data as { sensors: LiveSensor[] }).sensors.map((s) => s.sensorId)).toEqual(['L1'])
    expect(hub.snapshot().map((s) => s.sensorId).sort()).toEqual(['L1', 'R1'])
  })

  it('keeps the newer of two snapshots of one sensor, and prefers the newer of local and remote', () => {
    hub = new LiveHub({ tickMs: 1_000 })
    hub.addRemote(remote('S', 5_000, 50))
    hub.addRemote(remote('S', 4_000, 40))
    expect(hub.snapshot()[0]!.latest.temperatureC).toBe(50)
    hub.add(reading('S', 6_000, 60))
    expect(hub.snapshot()[0]!.latest.temperatureC).toBe(60)
  })

  it('publishes only what its own readings changed and the windows they closed, never what came from elsewhere', async () => {
    hub = new LiveHub({ tickMs: 20, allowedLatenessMs: 0 })
    const published: { sensors: string[]; windows: string[] }[] = []
    hub.onLocalTick(({ sensors, windows }) => published.push({ sensors: sensors.map((s) => s.sensorId), windows: windows.map((w) => `${w.sensorId}@${w.n}`) }))
    const sub = hub.subscribe()
    hub.add(reading('L1', 1_000, 70))
    hub.addRemote(remote('R1', 2_000, 42))
    hub.addRemoteWindow(window('R1', 5))
    await sub.next()
    hub.add(reading('L1', 61_000, 71))
    await sub.next()
    expect(published).toEqual([
      { sensors: ['L1'], windows: [] },
      { sensors: ['L1'], windows: ['L1@1'] },
    ])
  })
})
