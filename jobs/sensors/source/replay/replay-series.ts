/**
 * The recorded series the embedded replay plays: NAB machine-temperature (real data, MIT
 * licence, ./replay-data). A line whose value is not a number is kept as NaN rather than
 * dropped, so the replay sends it and the message contract quarantines it: nothing is dropped
 * silently.
 */
import { readFileSync } from 'node:fs'

export const MACHINE_TEMPERATURE_CSV = new URL('./replay-data/machine_temperature_system_failure.csv', import.meta.url)

/** The values of a NAB series (`timestamp,value` CSV), one per non-empty line. */
export function loadSeries(url: URL = MACHINE_TEMPERATURE_CSV): number[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => Number(line.split(',')[1] ?? Number.NaN))
}
