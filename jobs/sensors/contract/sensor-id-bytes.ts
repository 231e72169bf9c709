/**
 * The (sensor, machine) code (./sensor-ids.ts) of ids still as bytes in a Kafka value — the
 * spans the byte scanner (./flat-json-scan.ts) found — without decoding them to strings: a hash
 * of the bytes, then a byte comparison with the ids seen before. A pair seen for the first time
 * is decoded once and coded by the dictionary itself, so both ways give the same codes.
 * The scanner's spans are printable ASCII, so decoding them as Latin-1 is their UTF-8 text.
 */
import type { SensorIds } from './sensor-ids.ts'

/** Separators of the key bytes (never in ASCII ids): before a machine id, or for none. */
const MACHINE = 0xff
const NO_MACHINE = 0xfe

export class SensorIdBytes {
  /** Hash of a pair's bytes → codes with that hash (nearly always one). */
  private readonly buckets = new Map<number, number[]>()
  /** Per code known here: sensor bytes, a separator, machine bytes. */
  private readonly keys: Uint8Array[] = []

  constructor(private readonly ids: SensorIds) {}

  /** The code of sensor bytes[sensorFrom, sensorTo) with machine bytes[machineFrom, machineTo), or none when machineFrom < 0. */
  code(bytes: Uint8Array, sensorFrom: number, sensorTo: number, machineFrom: number, machineTo: number): number {
    let hash = hashBytes(0x811c9dc5, bytes, sensorFrom, sensorTo)
    hash = Math.imul(hash ^ (machineFrom < 0 ? NO_MACHINE : MACHINE), 0x01000193)
    if (machineFrom >= 0) hash = hashBytes(hash, bytes, machineFrom, machineTo)
    const bucket = this.buckets.get(hash)
    if (bucket !== undefined) {
      for (const code of bucket) if (this.matches(this.keys[code]!, bytes, sensorFrom, sensorTo, machineFrom, machineTo)) return code
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const sensorId = text.toString('latin1', sensorFrom, sensorTo)
    const machineId = machineFrom < 0 ? null : text.toString('latin1', machineFrom, machineTo)
    const code = this.ids.code(sensorId, machineId)
    const key = new Uint8Array(sensorTo - sensorFrom + 1 + (machineFrom < 0 ? 0 : machineTo - machineFrom))
    key.set(bytes.subarray(sensorFrom, sensorTo))
    key[sensorTo - sensorFrom] = machineFrom < 0 ? NO_MACHINE : MACHINE
    if (machineFrom >= 0) key.set(bytes.subarray(machineFrom, machineTo), sensorTo - sensorFrom + 1)
    this.keys[code] = key
    if (bucket === undefined) this.buckets.set(hash, [code])
    else bucket.push(code)
    return code
  }

  private matches(key: Uint8Array, bytes: Uint8Array, sensorFrom: number, sensorTo: number, machineFrom: number, machineTo: number): boolean {
    const sensorLength = sensorTo - sensorFrom
    const machineLength = machineFrom < 0 ? -1 : machineTo - machineFrom
    if (key.length !== sensorLength + 1 + Math.max(machineLength, 0)) return false
    for (let i = 0; i < sensorLength; i++) if (key[i] !== bytes[sensorFrom + i]) return false
    if (machineLength < 0) return key[sensorLength] === NO_MACHINE
    if (key[sensorLength] !== MACHINE) return false
    for (let i = 0; i < machineLength; i++) if (key[sensorLength + 1 + i] !== bytes[machineFrom + i]) return false
    return true
  }
}

/** FNV-1a over bytes[from, to), continuing from `hash`. */
function hashBytes(hash: number, bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193)
  return hash
}
