/**
 * The optional mapping file for plants whose MES exports use other layouts or column names
 * (`COCKPIT_MES_MAPPING`, JSON). Validated once by zod; an invalid file stops the job with the
 * file name and the offending field.
 *
 * {
 *   "datasets": {
 *     "production_counts": {
 *       "pattern": "^exports/counts_.*\\.csv$",
 *       "columns": { "machine_id": "Maschine", "good_count": "Gutteile" }
 *     }
 *   }
 * }
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { DATASET_NAMES } from './datasets.ts'

const datasetMapping = z.object({
  /** A regular expression over the object key (relative to the source prefix). */
  pattern: z
    .string()
    .refine((value) => isRegExp(value), 'expected a valid regular expression')
    .optional(),
  /** Canonical column → column name in the file. */
  columns: z.record(z.string(), z.string().min(1)).optional(),
})

export const mappingSchema = z.object({
  datasets: z.partialRecord(z.enum(DATASET_NAMES), datasetMapping),
})

export type Mapping = z.infer<typeof mappingSchema>

export function loadMapping(file: string): Mapping {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`MES mapping file ${file} cannot be read as JSON: ${(error as Error).message}`, { cause: error })
  }
  const parsed = mappingSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`MES mapping file ${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}

function isRegExp(value: string): boolean {
  try {
    new RegExp(value)
    return true
  } catch {
    return false
  }
}
