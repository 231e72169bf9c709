/**
 * The built-in plant simulator: realistic daily MES dumps, dirt included, in a local landing
 * folder, so the embedded mode shows data with no configuration and tests have dirty inputs.
 */
export { simulatePlantDay, machineIds, PRODUCTS, DEFAULT_MACHINES, type PlantDayOptions } from './plant-model.ts'
export type { PlantDay, OrderRow, MachineStateRow, ProductionCountRow, QualityInspectionRow, MachineState, LooseRow } from './rows.ts'
export { SHIFT_BREAKS } from './timeline.ts'
export { applyDirt, withoutDirt, DIRT_KINDS, REJECTED_DIRT, FAULTS, MalformedLine, type DirtKind, type DirtEntry, type DirtyDay, type DirtyRow, type DirtOptions } from './dirt.ts'
export { DUMP_FORMATS, EXTENSIONS, rotateFormats, isLineFormat, type DumpFormat } from './formats.ts'
export {
  writeDay, writeCorruptFile, reexportCorrected, DEFAULT_SEED,
  type WriteDayOptions, type WrittenDay, type WrittenFile, type ReexportOptions, type CorrectedCount, type SimulatedDayOptions,
} from './write-dumps.ts'
export { localDayBounds, localToUtc, naiveLocal } from '../plant-time.ts'
export { createRandom, deriveSeed, type Random } from './random.ts'
export { fillLanding, recentDays, type FillLandingOptions, type FilledDay, type FilledLanding } from './fill-landing.ts'
export { runSimulator, SIMULATOR_JOB, type SimulatorRunOptions, type SimulatorRunSummary } from './simulator-job.ts'
