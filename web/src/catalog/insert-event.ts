/**
 * "Insert into editor": the catalog does not know the notebook editor (it is another feature,
 * loaded on its own route), so it announces the insert as a `cockpit:insert` CustomEvent on
 * window, and the editor, when open, listens for it and puts `text` at its cursor.
 */

export const INSERT_EVENT = 'cockpit:insert'

export interface InsertDetail {
  /** What to insert, a table's qualified name (`mes.orders`) or a column's name (`machine_id`), quoted where SQL needs it. */
  text: string
  kind: 'table' | 'column'
  table: string
  /** Put the focus back in the editor (a click: the next keys are SQL); a keyboard press leaves it where it was. */
  focus?: boolean
}

/** Announces an insert; returns whether any listener took it (an editor calls preventDefault()). */
export function requestInsert(detail: InsertDetail, target: EventTarget = window): boolean {
  const event = new CustomEvent(INSERT_EVENT, { detail, cancelable: true })
  return !target.dispatchEvent(event)
}

/** Quotes an identifier for DuckDB when it needs it (a column named `order` or `Machine ID`). */
export function sqlIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replaceAll('"', '""')}"`
}

const RESERVED = new Set(['order', 'group', 'select', 'from', 'where', 'table', 'limit', 'user', 'to', 'end', 'default', 'check', 'column'])
