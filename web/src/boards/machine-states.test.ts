import { describe, expect, it } from 'vitest'
import { MACHINE_STATE_SCALE, machineStateStyle, timeInState } from './machine-states.ts'

describe('machine states', () => {
  it('gives each state one colour, icon and word, whatever its case', () => {
    expect(machineStateStyle('DOWN')).toMatchObject({ label: 'down', icon: '✕', colour: '#c62828' })
    expect(machineStateStyle('planned_stop').label).toBe('planned stop')
    expect(machineStateStyle('WARMUP').label).toBe('unknown')
    expect(MACHINE_STATE_SCALE.domain).toEqual(['RUNNING', 'IDLE', 'DOWN', 'PLANNED_STOP'])
  })

  it('says time in state in shop-floor units', () => {
    expect(timeInState(40_000)).toBe('40 s')
    expect(timeInState(7 * 60_000 + 5_000)).toBe('7 min')
    expect(timeInState((2 * 60 + 13) * 60_000)).toBe('2 h 13 min')
    expect(timeInState(50 * 3_600_000)).toBe('2 d 2 h')
    expect(timeInState(-5)).toBe('0 s')
  })
})
