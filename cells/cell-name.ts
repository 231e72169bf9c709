/**
 * Cell names. A name is how SQL reads a cell's result (`from oee`), how it binds an input
 * (`$from`) and how markdown interpolates (`${oee}`), so it must be a plain identifier in all
 * three: lowercase letters, digits and `_`, not starting with a digit. Lowercase only because
 * DuckDB folds unquoted identifiers, so `OEE` and `oee` would be the same table.
 */
import { z } from 'zod'

const NAME = /^[a-z_][a-z0-9_]*$/

export const MAX_CELL_NAME_LENGTH = 63

export function isCellName(value: string): boolean {
  return value.length <= MAX_CELL_NAME_LENGTH && NAME.test(value)
}

export const cellNameSchema = z
  .string()
  .refine(isCellName, { message: `a cell name is lowercase letters, digits and _, not starting with a digit, at most ${MAX_CELL_NAME_LENGTH} characters` })
