/**
 * How tall a chart tile's plot may be: the tile body's height less what Plot draws around the
 * plot itself — a colour legend (whenever a mark's fill or stroke names a column, see
 * notebooks/plot-options.ts) and the spec's title, subtitle and caption lines — so a chart
 * fits its tile instead of being cut at the bottom. An author's own height wins.
 */
import type { PlotSpec } from '../../../cells/index.ts'

const LEGEND_PX = 44
const LINE_PX = 24
const MIN_PX = 100

export function chartHeight(spec: PlotSpec, available: number): number | undefined {
  if (spec.height !== undefined) return undefined
  const legend = spec.color?.legend === true || (spec.color?.legend !== false && spec.marks.some((mark) => typeof mark.fill === 'string' || typeof mark.stroke === 'string'))
  const lines = [spec.title, spec.subtitle, spec.caption].filter((text) => text !== undefined).length
  return Math.max(MIN_PX, Math.floor(available - (legend ? LEGEND_PX : 0) - lines * LINE_PX - 12))
}
