/**
 * The alert engine on the sensor path (issue 15's one path for readings): the pipeline hands
 * every applied block to a `RuleEvaluator` right after the live hub and before the catalog
 * commit, so a reading that completes a pending period raises its alert at once. Every source —
 * Kafka, the embedded replay, a test source — passes here, and only for the partitions this
 * instance owns: other instances' sensors are evaluated by their owners. After each assignment
 * the engine keeps the series of the partitions owned now and takes the alerts of the others
 * from the app database (alerts/handover.ts), so an alert follows its partition.
 */
import type { RuleEvaluator, RuleReadings, WindowAggregate } from '../../jobs/index.ts'
import type { WindowInput } from '../../alerts/index.ts'
import type { AlertEngine } from './alert-engine.ts'
import { SensorPartitions } from './sensor-partitions.ts'

export function alertRuleEvaluator(engine: AlertEngine): RuleEvaluator {
  const sensors = new SensorPartitions()
  return {
    readings: (block) => feedBlock(engine, sensors, block),
    committed: () => undefined,
    assigned: async (partitions) => {
      const owned = sensors.keys(new Set(partitions))
      await engine.handOver((key) => owned.has(key))
    },
  }
}

function feedBlock(engine: AlertEngine, sensors: SensorPartitions, block: RuleReadings): void {
  const { readings, ids, partition } = block
  for (let i = 0; i < readings.count; i += 1) {
    const code = readings.codes[i]!
    sensors.saw(ids, code, partition)
    const [sensorId, machineId] = ids.pair(code)
    engine.onReading({ kind: 'reading', machine_id: machineId ?? '', sensor_id: sensorId, ts: readings.ts[i]!, temperature_c: readings.temperatureC[i]! })
  }
  for (const window of block.live?.windows ?? []) engine.onWindow(windowInput(window))
}

export function windowInput(window: WindowAggregate): WindowInput {
  return {
    kind: 'window',
    machine_id: window.machineId ?? '',
    sensor_id: window.sensorId,
    ts: window.windowEnd,
    start: window.windowStart,
    n: window.n,
    min_c: window.minC,
    max_c: window.maxC,
    avg_c: window.avgC,
    stddev_c: window.stddevC ?? 0,
    first_c: window.firstC,
    last_c: window.lastC,
  }
}
