/**
 * Catalog names into a sql cell: the cell that had the focus last takes each `cockpit:insert`
 * (from the side panel's tree, or a table's Insert buttons) at its cursor. A click in the panel
 * takes the focus away from the editor, so "the focused cell" has to be remembered, not asked.
 */
import { INSERT_EVENT, type InsertDetail } from '../catalog/index.ts'

export interface InsertTarget {
  /** The cell's name, so the panel can say where the text went. */
  readonly name: string
  insert(text: string, focus: boolean): void
}

let lastFocused: InsertTarget | undefined

export function focusTarget(target: InsertTarget): void {
  lastFocused = target
}

/** A cell going away (deleted, the notebook closed) is no target any more. */
export function releaseTarget(target: InsertTarget): void {
  if (lastFocused === target) lastFocused = undefined
}

export function insertTarget(): InsertTarget | undefined {
  return lastFocused
}

/** Takes the inserts announced on `on` while a notebook is open; returns what stops it. An insert with no cell focused yet is left untaken, so the sender can say so. */
export function takeInserts(on: EventTarget = window): () => void {
  const listener = (event: Event) => {
    if (lastFocused === undefined) return
    const detail = (event as CustomEvent<InsertDetail>).detail
    lastFocused.insert(detail.text, detail.focus === true)
    event.preventDefault()
  }
  on.addEventListener(INSERT_EVENT, listener)
  return () => on.removeEventListener(INSERT_EVENT, listener)
}

const JOINS_BEFORE = /[\p{L}\p{N}_$)"'\]]$/u
const JOINS_AFTER = /^[\p{L}\p{N}_$("']/u

/** `text` with a space on each side where it would otherwise run into a word: `from|` + `kpi.orders` → ` kpi.orders`; none after `m.` or `(`. */
export function spacedInsertion(before: string, text: string, after: string): string {
  return `${JOINS_BEFORE.test(before) ? ' ' : ''}${text}${JOINS_AFTER.test(after) ? ' ' : ''}`
}
