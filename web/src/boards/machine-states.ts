/**
 * The machine states of the MES (jobs/mes/datasets.ts) with one colour, one shape and one word
 * each, defined once for every tile, legend and tooltip (UI.md) — never colour alone. The
 * colours are those of the shipped plant overview's state timeline (server/boards/
 * plant-overview.md), so the status tile and the chart beside it agree.
 */
export const MACHINE_STATE_STYLE = {
  RUNNING: { label: 'running', icon: '▶', colour: '#2e7d32', text: '#ffffff' },
  IDLE: { label: 'idle', icon: '⏸', colour: '#f9a825', text: '#1d2430' },
  DOWN: { label: 'down', icon: '✕', colour: '#c62828', text: '#ffffff' },
  PLANNED_STOP: { label: 'planned stop', icon: '◷', colour: '#90a4ae', text: '#1d2430' },
} as const

export type MachineState = keyof typeof MACHINE_STATE_STYLE

const UNKNOWN = { label: 'unknown', icon: '?', colour: '#6b7585', text: '#ffffff' } as const

export function machineStateStyle(state: unknown): (typeof MACHINE_STATE_STYLE)[MachineState] | typeof UNKNOWN {
  const key = String(state ?? '').toUpperCase() as MachineState
  return MACHINE_STATE_STYLE[key] ?? UNKNOWN
}

/** For Plot charts of states: the same colours as the status tile. */
export const MACHINE_STATE_SCALE = { domain: Object.keys(MACHINE_STATE_STYLE), range: Object.values(MACHINE_STATE_STYLE).map((style) => style.colour) }

/** How long a machine has been in its state, "2 h 13 min", "7 min", "40 s" (units as the shop floor writes them). */
export function timeInState(ms: number, locales?: readonly string[]): string {
  const number = (n: number) => n.toLocaleString(locales as string[] | undefined)
  const seconds = Math.max(0, Math.floor(ms / 1000))
  if (seconds < 60) return `${number(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${number(minutes)} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${number(hours)} h ${number(minutes % 60)} min`
  return `${number(Math.floor(hours / 24))} d ${number(hours % 24)} h`
}
