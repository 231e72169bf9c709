import { describe, expect, it } from 'vitest'
import { liveEmptyText, liveScope, matchesLiveSpec, withLiveField } from './live-selection.ts'

describe('what a live cell draws', () => {
  it('keeps the sensors of the spec’s machine and sensor, all when unset', () => {
    const sensors = [
      { sensorId: 'M01-T1', machineId: 'M01' },
      { sensorId: 'M01-T2', machineId: 'M01' },
      { sensorId: 'M07-T1', machineId: 'M07' },
      { sensorId: 'X', machineId: null },
    ]
    const kept = (spec: Parameters<typeof matchesLiveSpec>[0]) => sensors.filter((s) => matchesLiveSpec(spec, s)).map((s) => s.sensorId)
    expect(kept({ spanMinutes: 5 })).toEqual(['M01-T1', 'M01-T2', 'M07-T1', 'X'])
    expect(kept({ machine: 'M01', spanMinutes: 5 })).toEqual(['M01-T1', 'M01-T2'])
    expect(kept({ sensor: 'M07-T1', spanMinutes: 5 })).toEqual(['M07-T1'])
    expect(kept({ machine: 'M01', sensor: 'M07-T1', spanMinutes: 5 })).toEqual([])
  })

  it('says why it is empty, naming the filter and the span', () => {
    expect(liveEmptyText({ machine: 'M07', spanMinutes: 10 })).toBe('No readings for M07 in the last 10 minutes.')
    expect(liveEmptyText({ sensor: 'M07-T1', machine: 'M07', spanMinutes: 1 })).toBe('No readings for M07-T1 on M07 in the last minute.')
    expect(liveEmptyText({ spanMinutes: 15 })).toBe('No readings for any sensor in the last 15 minutes.')
    expect(liveScope({ spanMinutes: 15 })).toBe('all sensors')
  })

  it('writes the form’s change back as the cell’s JSON, an empty field meaning all', () => {
    expect(withLiveField({ spanMinutes: 15 }, { machine: 'M07' })).toBe('{"machine": "M07", "spanMinutes": 15}')
    expect(withLiveField({ machine: 'M07', sensor: 'M07-T1', spanMinutes: 15 }, { sensor: '', spanMinutes: 30 })).toBe('{"machine": "M07", "spanMinutes": 30}')
  })
})
