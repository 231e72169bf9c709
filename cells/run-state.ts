/**
 * Cancellation, as a pure state machine: the newest edit wins. Every plan gets a generation; a
 * cell is wanted at the generation of the newest plan that includes it. Planning again cancels
 * the runs in flight of the cells it re-runs (the runner is told which, and cancels them on the
 * server too); a run whose generation is no longer wanted may not start, and its result, if it
 * still arrives, is dropped. Cells outside the new plan keep running and keep their results.
 */

/** One run of one cell. */
export interface RunTicket {
  cell: string
  generation: number
}

export interface RunState {
  generation: number
  /** The generation each cell's result must come from. */
  wanted: ReadonlyMap<string, number>
  /** The generation of each cell's run in flight. */
  inFlight: ReadonlyMap<string, number>
}

export const initialRunState: RunState = { generation: 0, wanted: new Map(), inFlight: new Map() }

/** A new plan over `cells`: its generation and the runs in flight to cancel. */
export function beginPlan(state: RunState, cells: readonly string[]): { state: RunState; generation: number; cancel: RunTicket[] } {
  const generation = state.generation + 1
  const wanted = new Map(state.wanted)
  const inFlight = new Map(state.inFlight)
  const cancel: RunTicket[] = []
  for (const cell of cells) {
    wanted.set(cell, generation)
    const running = inFlight.get(cell)
    if (running !== undefined) {
      cancel.push({ cell, generation: running })
      inFlight.delete(cell)
    }
  }
  return { state: { generation, wanted, inFlight }, generation, cancel }
}

/** Whether a run may start (it is still wanted), and the state with it in flight. */
export function startRun(state: RunState, ticket: RunTicket): { state: RunState; start: boolean } {
  if (!isCurrent(state, ticket)) return { state, start: false }
  return { state: { ...state, inFlight: new Map(state.inFlight).set(ticket.cell, ticket.generation) }, start: true }
}

/** Whether a finished run's result is kept (it is still wanted) or dropped as stale. */
export function finishRun(state: RunState, ticket: RunTicket): { state: RunState; keep: boolean } {
  const inFlight = new Map(state.inFlight)
  if (inFlight.get(ticket.cell) === ticket.generation) inFlight.delete(ticket.cell)
  return { state: { ...state, inFlight }, keep: isCurrent(state, ticket) }
}

export function isCurrent(state: RunState, ticket: RunTicket): boolean {
  return state.wanted.get(ticket.cell) === ticket.generation
}
