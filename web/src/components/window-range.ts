/**
 * Which rows of a long result a windowed table draws: the ones in view plus a margin, so a
 * 100,000-row result scrolls as fast as a 50-row one. Rows have one fixed height.
 */
export interface RowWindow {
  start: number
  end: number
}

export function rowWindow(options: { rows: number; rowHeight: number; scrollTop: number; viewHeight: number; overscan?: number }): RowWindow {
  const { rows, rowHeight, scrollTop, viewHeight, overscan = 10 } = options
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight)
  const visible = Math.ceil(viewHeight / rowHeight)
  const start = Math.max(0, Math.min(rows, first - overscan))
  const end = Math.min(rows, first + visible + overscan)
  return { start, end: Math.max(start, end) }
}
