/**
 * Small integer codes for (sensor, machine) pairs, in the order first seen. Readings travel and
 * load as numbers (see ./reading-chunk.ts): a code instead of two strings per reading, and a
 * tiny table maps the codes back when a batch is committed. The parser thread assigns the codes
 * of the Kafka stream; the main thread mirrors them in the same order (`define`).
 */
export type SensorIdPair = readonly [sensorId: string, machineId: string | null]

export class SensorIds {
  private readonly bySensor = new Map<string, Map<string | null, number>>()
  private readonly pairs: SensorIdPair[] = []

  get size(): number {
    return this.pairs.length
  }

  /** The code of a pair, assigning the next one to a pair not seen before. */
  code(sensorId: string, machineId: string | null): number {
    let machines = this.bySensor.get(sensorId)
    if (machines === undefined) {
      machines = new Map()
      this.bySensor.set(sensorId, machines)
    }
    const known = machines.get(machineId)
    if (known !== undefined) return known
    const code = this.pairs.length
    machines.set(machineId, code)
    this.pairs.push([sensorId, machineId])
    return code
  }

  /** The code of a pair already assigned, else undefined. */
  find(sensorId: string, machineId: string | null): number | undefined {
    return this.bySensor.get(sensorId)?.get(machineId)
  }

  /** Appends pairs another dictionary assigned from `from` on, so both give the same codes. */
  define(from: number, pairs: readonly SensorIdPair[]): void {
    if (from !== this.pairs.length) throw new Error(`sensor id codes out of step: ${from} defined, ${this.pairs.length} known`)
    for (const pair of pairs) this.pairs.push(pair)
  }

  /** Pairs assigned from code `from` on. */
  since(from: number): SensorIdPair[] {
    return this.pairs.slice(from)
  }

  pair(code: number): SensorIdPair {
    const pair = this.pairs[code]
    if (pair === undefined) throw new Error(`unknown sensor id code ${code}`)
    return pair
  }
}
