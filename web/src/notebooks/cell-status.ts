/** A cell's run state as the editor shows it beside the cell: word, symbol and time, never colour alone. */
import type { CellRun } from '../lib/api.ts'

/** A finished cell's own time and, for a sql cell, where it ran: duckdb-wasm in the browser, or the server's SQL service. */
export type CellState = { state: 'idle' } | { state: 'running'; since: number } | { state: CellRun['status']; ms: number; at: Date; where?: 'browser' | 'server' }

const WORDS = { idle: 'not run', running: 'running…', ok: 'ok', error: 'error', skipped: 'skipped' } as const
const SYMBOLS = { idle: '○', running: '◌', ok: '✓', error: '✕', skipped: '–' } as const

export function statusText(status: CellState, locales?: readonly string[]): string {
  const word = `${SYMBOLS[status.state]} ${WORDS[status.state]}`
  // Only a sql cell that ran has a time of its own; a plot draws from its data cell's result.
  if (!('ms' in status) || status.where === undefined) return word
  return `${word} · ${duration(status.ms, locales)} · ${status.where === 'browser' ? 'in the browser' : 'on the server'}`
}

/** Milliseconds under a second (a browser run takes a few), seconds above. */
function duration(ms: number, locales?: readonly string[]): string {
  const format = (value: number, digits: number) => value.toLocaleString(locales as string[] | undefined, { maximumFractionDigits: digits })
  if (ms < 1000) return `${format(ms, ms < 10 ? 1 : 0)} ms`
  return `${format(ms / 1000, ms < 10_000 ? 2 : 1)} s`
}

/** What a skipped cell waited for, or an error's message with its spot. */
export function errorText(error: NonNullable<CellRun['error']>): string {
  const spot = error.line === undefined ? '' : ` (line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`})`
  return `${error.message}${spot}`
}
