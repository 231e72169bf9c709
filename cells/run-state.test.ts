import { describe, expect, it } from 'vitest'
import { beginPlan, finishRun, initialRunState, startRun } from './run-state.ts'

describe('run state: the newest edit wins', () => {
  it('cancels the runs in flight that a newer plan re-runs, and drops their late results', () => {
    let state = initialRunState
    const first = beginPlan(state, ['oee', 'chart', 'other'])
    state = first.state
    state = startRun(state, { cell: 'oee', generation: first.generation }).state
    state = startRun(state, { cell: 'other', generation: first.generation }).state

    // The input changes while oee and other run: only oee and chart are downstream of it.
    const second = beginPlan(state, ['oee', 'chart'])
    state = second.state
    expect(second.cancel).toEqual([{ cell: 'oee', generation: 1 }])

    // The first plan's chart may no longer start; its oee result, arriving late, is dropped.
    expect(startRun(state, { cell: 'chart', generation: 1 }).start).toBe(false)
    const late = finishRun(state, { cell: 'oee', generation: 1 })
    expect(late.keep).toBe(false)
    state = late.state

    // An unaffected cell keeps running and keeps its result.
    const other = finishRun(state, { cell: 'other', generation: 1 })
    expect(other.keep).toBe(true)
    state = other.state

    const run = startRun(state, { cell: 'oee', generation: 2 })
    expect(run.start).toBe(true)
    const done = finishRun(run.state, { cell: 'oee', generation: 2 })
    expect(done.keep).toBe(true)
    expect(done.state.inFlight.size).toBe(0)
  })

  it('changes no state it was given', () => {
    const planned = beginPlan(initialRunState, ['a'])
    startRun(planned.state, { cell: 'a', generation: 1 })
    expect(planned.state.inFlight.size).toBe(0)
    expect(initialRunState.wanted.size).toBe(0)
  })
})
