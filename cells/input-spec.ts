/**
 * An input cell's control: its type, options and default. An input's value reaches SQL only as
 * a bound parameter named after the cell (`$from`); a date range binds two, `$NAME_from` and
 * `$NAME_to`, so SQL can say `day between $period_from and $period_to` without list indexing.
 * A dropdown's options are listed or come from the first column of a sql cell (`optionsFrom`).
 */
import { z } from 'zod'
import { cellNameSchema } from './cell-name.ts'

const isoDate = z.iso.date()
const label = z.string().optional()

const dateInput = z.object({ type: z.literal('date'), label, default: isoDate.optional() }).strict()

const dateRangeInput = z
  .object({
    type: z.literal('date-range'),
    label,
    default: z.object({ from: isoDate, to: isoDate }).strict().refine((range) => range.from <= range.to, { message: 'from must not be after to' }).optional(),
  })
  .strict()

const numberInput = z
  .object({
    type: z.literal('number'),
    label,
    default: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    step: z.number().positive().optional(),
  })
  .strict()

const textInput = z.object({ type: z.literal('text'), label, default: z.string().optional(), placeholder: z.string().optional() }).strict()

const option = z.union([z.string(), z.number()])

const dropdownInput = z
  .object({
    type: z.literal('dropdown'),
    label,
    options: z.array(option).min(1).optional(),
    /** A sql cell whose first column lists the options. */
    optionsFrom: cellNameSchema.optional(),
    default: option.optional(),
  })
  .strict()
  .refine((spec) => (spec.options === undefined) !== (spec.optionsFrom === undefined), {
    message: 'a dropdown has either options or optionsFrom, not both and not neither',
    path: ['options'],
  })
  .refine((spec) => spec.options === undefined || spec.default === undefined || spec.options.includes(spec.default), {
    message: 'the default is not one of the options',
    path: ['default'],
  })

/** Pickers over the plant's machines and sensors; the web app lists them. */
const machineInput = z.object({ type: z.literal('machine'), label, default: z.string().min(1).optional() }).strict()
const sensorInput = z.object({ type: z.literal('sensor'), label, default: z.string().min(1).optional() }).strict()

export const INPUT_TYPES = ['date', 'date-range', 'number', 'text', 'dropdown', 'machine', 'sensor'] as const
export type InputType = (typeof INPUT_TYPES)[number]

export const inputSpecSchema = z.discriminatedUnion('type', [dateInput, dateRangeInput, numberInput, textInput, dropdownInput, machineInput, sensorInput])
export type InputSpec = z.infer<typeof inputSpecSchema>

/** The parameter names an input named `name` binds in SQL. */
export function inputParameterNames(name: string, spec: InputSpec): string[] {
  return spec.type === 'date-range' ? [`${name}_from`, `${name}_to`] : [name]
}

/** A scalar an input binds: a date as `YYYY-MM-DD`, a number, a string, or null when unset. */
export type InputScalar = string | number | null

/** The parameter values of an input at its default (null where it has none). */
export function inputDefaultValues(name: string, spec: InputSpec): Record<string, InputScalar> {
  if (spec.type === 'date-range') return { [`${name}_from`]: spec.default?.from ?? null, [`${name}_to`]: spec.default?.to ?? null }
  if (spec.type === 'dropdown' && spec.default === undefined && spec.options !== undefined) return { [name]: spec.options[0] ?? null }
  return { [name]: spec.default ?? null }
}
