/** A cell's run state as the editor shows it beside the cell: word, symbol and time, never colour alone. */
import type { CellRun } from '../lib/api.ts'

export type CellState = { state: 'idle' } | { state: 'running'; since: number } | { state: CellRun['status']; ms: number; at: Date }

const WORDS = { idle: 'not run', running: 'running…', ok: 'ok', error: 'error', skipped: 'skipped' } as const
const SYMBOLS = { idle: '○', running: '◌', ok: '✓', error: '✕', skipped: '–' } as const

export function statusText(status: CellState, locales?: readonly string[]): string {
  const word = `${SYMBOLS[status.state]} ${WORDS[status.state]}`
  if (!('ms' in status)) return word
  const seconds = (status.ms / 1000).toLocaleString(locales as string[] | undefined, { minimumFractionDigits: 1, maximumFractionDigits: status.ms < 10_000 ? 2 : 1 })
  return `${word} · ${seconds} s`
}

/** What a skipped cell waited for, or an error's message with its spot. */
export function errorText(error: NonNullable<CellRun['error']>): string {
  const spot = error.line === undefined ? '' : ` (line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`})`
  return `${error.message}${spot}`
}
