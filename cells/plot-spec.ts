/**
 * A Plot cell's chart as declarative JSON, validated once by zod. The names are Observable
 * Plot's own (`marks`, `lineY`, `fill`, `tip`, scale options `x`/`y`/`color`), so the web app
 * hands a valid spec to Plot almost verbatim. Channels are column names or constants, never
 * code: a board must never run JavaScript that an author or viewer typed. Every object is
 * `.strict()`, so a misspelt option is refused with its path rather than silently ignored.
 */
import { z } from 'zod'
import { cellNameSchema } from './cell-name.ts'

export const MARK_TYPES = ['lineY', 'barY', 'dot', 'areaY', 'cell', 'ruleY', 'text', 'tickX'] as const
export type MarkType = (typeof MARK_TYPES)[number]

/** A column of the data cell's result (a string Plot also reads as a constant colour) or a constant. */
export const channelSchema = z.union([z.string().min(1), z.number()])

export const markSchema = z
  .object({
    type: z.enum(MARK_TYPES),
    x: channelSchema.optional(),
    y: channelSchema.optional(),
    fill: channelSchema.optional(),
    stroke: channelSchema.optional(),
    fx: channelSchema.optional(),
    fy: channelSchema.optional(),
    z: channelSchema.optional(),
    title: channelSchema.optional(),
    /** The `text` mark's label channel. */
    text: channelSchema.optional(),
    /** The `dot` mark's radius. */
    r: channelSchema.optional(),
    tip: z.union([z.boolean(), z.enum(['x', 'y', 'xy'])]).optional(),
  })
  .strict()

export const SCALE_TYPES = ['linear', 'log', 'sqrt', 'pow', 'symlog', 'time', 'utc', 'band', 'point', 'ordinal', 'categorical', 'sequential', 'diverging'] as const

/** Options of one scale (`x`, `y`, `color`, `fx`, `fy`), a subset of Plot's with its names. */
export const scaleSchema = z
  .object({
    type: z.enum(SCALE_TYPES).optional(),
    label: z.string().nullable().optional(),
    domain: z.array(z.union([z.string(), z.number(), z.null()])).optional(),
    range: z.array(z.union([z.string(), z.number()])).optional(),
    scheme: z.string().min(1).optional(),
    legend: z.boolean().optional(),
    grid: z.boolean().optional(),
    nice: z.boolean().optional(),
    zero: z.boolean().optional(),
    reverse: z.boolean().optional(),
    percent: z.boolean().optional(),
    tickFormat: z.string().optional(),
  })
  .strict()

export const plotSpecSchema = z
  .object({
    /** The name of the cell whose result is drawn. */
    data: cellNameSchema,
    marks: z.array(markSchema).min(1),
    x: scaleSchema.optional(),
    y: scaleSchema.optional(),
    color: scaleSchema.optional(),
    fx: scaleSchema.optional(),
    fy: scaleSchema.optional(),
    width: z.number().int().positive().max(4000).optional(),
    height: z.number().int().positive().max(4000).optional(),
    title: z.string().optional(),
    subtitle: z.string().optional(),
    caption: z.string().optional(),
  })
  .strict()

export type Mark = z.infer<typeof markSchema>
export type ScaleOptions = z.infer<typeof scaleSchema>
export type PlotSpec = z.infer<typeof plotSpecSchema>
