/**
 * Which stream partition each sensor's readings come from, as far as this instance read them: with
 * several instances in one consumer group, the alert engine keeps only the series of partitions
 * this instance owns (alerts/handover.ts), so it must know which series those are. Kept by sensor
 * code (../../jobs/sensors/contract/sensor-ids.ts), a plain array: one store per reading.
 */
import type { RuleReadings } from '../../jobs/index.ts'

type SensorIds = RuleReadings['ids']

export class SensorPartitions {
  private readonly partitionOf: number[] = []
  private ids: SensorIds | undefined

  /** A reading of sensor `code` (in `ids`) came from `partition`. */
  saw(ids: SensorIds, code: number, partition: number): void {
    this.ids = ids
    this.partitionOf[code] = partition
  }

  /** The series keys of the sensors last read from these partitions: `machine/sensor` (rules by sensor) and `machine` (rules by machine). */
  keys(partitions: ReadonlySet<number>): Set<string> {
    const keys = new Set<string>()
    if (this.ids === undefined) return keys
    this.partitionOf.forEach((partition, code) => {
      if (!partitions.has(partition)) return
      const [sensorId, machineId] = this.ids!.pair(code)
      keys.add(`${machineId ?? ''}/${sensorId}`)
      keys.add(machineId ?? '')
    })
    return keys
  }
}
