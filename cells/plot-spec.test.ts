import { describe, expect, it } from 'vitest'
import { describeFieldErrors, fieldErrors } from './field-errors.ts'
import { plotSpecSchema } from './plot-spec.ts'

const errorsOf = (spec: unknown) => {
  const result = plotSpecSchema.safeParse(spec)
  if (result.success) throw new Error('expected the spec to be refused')
  return fieldErrors(result.error)
}

describe('plot spec', () => {
  it('accepts Plot names: marks, channels as columns or constants, scales, facets, tip', () => {
    const spec = {
      data: 'oee',
      marks: [
        { type: 'barY', x: 'machine_id', y: 'oee', fill: 'steelblue', fx: 'day', tip: true },
        { type: 'ruleY', y: 0 },
        { type: 'text', x: 'machine_id', y: 'oee', text: 'oee' },
      ],
      x: { label: 'Machine', type: 'band' },
      y: { domain: [0, 1], grid: true, percent: true },
      color: { scheme: 'blues', legend: true },
      fx: { label: null },
      width: 640,
      title: 'OEE',
    }
    expect(plotSpecSchema.parse(spec)).toEqual(spec)
  })

  it('names the field of an unknown mark type', () => {
    const [error] = errorsOf({ data: 'oee', marks: [{ type: 'pie', x: 'a' }] })
    expect(error!.field).toBe('marks.0.type')
    expect(error!.message).toContain('lineY')
  })

  it('refuses unknown keys, naming them', () => {
    expect(errorsOf({ data: 'oee', marks: [{ type: 'dot', colour: 'red' }] })).toEqual([{ field: 'marks.0.colour', message: 'unknown field' }])
    expect(errorsOf({ data: 'oee', marks: [{ type: 'dot' }], render: 'x' })).toEqual([{ field: 'render', message: 'unknown field' }])
    expect(errorsOf({ data: 'oee', marks: [{ type: 'dot' }], y: { tickFormat: '%', onClick: 'x' } })).toEqual([{ field: 'y.onClick', message: 'unknown field' }])
  })

  it('takes no code: a channel is a column name or a constant, never a function or an object', () => {
    expect(errorsOf({ data: 'oee', marks: [{ type: 'dot', x: { transform: 'd => d.x' } }] })[0]!.field).toBe('marks.0.x')
    expect(errorsOf({ data: 'oee', marks: [{ type: 'dot', x: '' }] })[0]!.field).toBe('marks.0.x')
  })

  it('needs a data cell name and at least one mark', () => {
    expect(errorsOf({ data: 'Not A Name', marks: [{ type: 'dot' }] })[0]!.field).toBe('data')
    expect(errorsOf({ data: 'oee', marks: [] })[0]!.field).toBe('marks')
  })

  it('describes errors in one line, prefixed with where the spec came from', () => {
    const result = plotSpecSchema.safeParse({ data: 'oee', marks: [{ type: 'pie' }] })
    expect(describeFieldErrors(result.error!, 'spec')).toMatch(/^spec\.marks\.0\.type: .*expected one of/)
  })
})
