/**
 * What a stream rule reads: raw readings or the one-minute window aggregates of docs/sensors.md,
 * and which numeric fields each carries. Rules name a field; the rule schema checks it here.
 */
export const SOURCES = ['sensors.readings', 'sensors.windows_1m'] as const
export type Source = (typeof SOURCES)[number]

export const SOURCE_FIELDS: Record<Source, readonly string[]> = {
  'sensors.readings': ['temperature_c'],
  'sensors.windows_1m': ['avg_c', 'min_c', 'max_c', 'first_c', 'last_c', 'stddev_c', 'n'],
}

export const DEFAULT_SOURCE: Source = 'sensors.windows_1m'

export function isFieldOf(source: Source, field: string): boolean {
  return SOURCE_FIELDS[source].includes(field)
}
