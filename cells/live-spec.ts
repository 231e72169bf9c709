/**
 * A live cell's binding to the sensor stream: which machine and sensor (all when unset) and how
 * many minutes of recent windows the rolling line shows. It reads `/api/stream/sensors`, not
 * SQL, so it has no dependencies in the notebook graph.
 */
import { z } from 'zod'

export const MAX_LIVE_SPAN_MINUTES = 24 * 60

export const liveSpecSchema = z
  .object({
    machine: z.string().min(1).optional(),
    sensor: z.string().min(1).optional(),
    spanMinutes: z.number().int().positive().max(MAX_LIVE_SPAN_MINUTES),
  })
  .strict()

export type LiveSpec = z.infer<typeof liveSpecSchema>
