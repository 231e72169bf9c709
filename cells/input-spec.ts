/**
 * An input cell's control: its type, options and default. An input's value reaches SQL only as
 * a bound parameter named after the cell (`$from`); a date range binds two, `$NAME_from` and
 * `$NAME_to`, so SQL can say `day between $period_from and $period_to` without list indexing.
 * A dropdown's options are listed or come from the first column of a sql cell (`optionsFrom`).
 */
import { z } from 'zod'
import { cellNameSchema } from './cell-name.ts'
import { dayDefaultSchema, daysInOrder, resolveDay } from './relative-day.ts'

const label = z.string().optional()

const dateInput = z.object({ type: z.literal('date'), label, default: dayDefaultSchema.optional() }).strict()

const dateRangeInput = z
  .object({
    type: z.literal('date-range'),
    label,
    default: z.object({ from: dayDefaultSchema, to: dayDefaultSchema }).strict().refine((range) => daysInOrder(range.from, range.to), { message: 'from must not be after to' }).optional(),
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

/**
 * The parameter values of an input at its default (null where it has none); a relative day
 * (`today-6`) is resolved against `today`, the plant-local day of the run (YYYY-MM-DD).
 */
export function inputDefaultValues(name: string, spec: InputSpec, today: string): Record<string, InputScalar> {
  const day = (value: string | undefined) => (value === undefined ? null : resolveDay(value, today))
  if (spec.type === 'date-range') return { [`${name}_from`]: day(spec.default?.from), [`${name}_to`]: day(spec.default?.to) }
  if (spec.type === 'date') return { [name]: day(spec.default) }
  if (spec.type === 'dropdown' && spec.default === undefined && spec.options !== undefined) return { [name]: spec.options[0] ?? null }
  return { [name]: spec.default ?? null }
}
