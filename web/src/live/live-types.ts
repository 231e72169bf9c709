/** The stream's types the Live view uses, from the server's public types. */
import type { LiveSensor } from '../../../server/index.ts'

export type { LiveSensor }
export type WindowAggregate = LiveSensor['window']
