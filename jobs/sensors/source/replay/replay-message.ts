/**
 * One replayed value as a sensor message of the contract (docs/sensors.md, "Message contract"),
 * for machine `machine` (0-based: M01-T1 on M01, …) — the same bytes the embedded replay feeds
 * the pipeline and `cockpit replay` publishes to Kafka. A value that is not a finite number
 * becomes `null` in JSON, which the contract rejects.
 */
export interface ReplayMessage {
  key: string
  value: string
}

export function replayMessage(machine: number, ts: number, temperatureC: number): ReplayMessage {
  const machineId = `M${String(machine + 1).padStart(2, '0')}`
  const sensorId = `${machineId}-T1`
  return { key: sensorId, value: JSON.stringify({ sensor_id: sensorId, machine_id: machineId, ts: new Date(ts).toISOString(), temperature: temperatureC, unit: 'C' }) }
}
