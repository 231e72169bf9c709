import { describe, expect, it } from 'vitest'
import { parseRoute, routeHash, sectionsFor } from './routes.ts'

describe('hash routes', () => {
  it('reads the section and keeps the id after it', () => {
    expect(parseRoute('#/notebooks/42')).toEqual({ section: 'notebooks', id: '42' })
    expect(parseRoute('#/notebooks')).toEqual({ section: 'notebooks' })
    expect(parseRoute('#/notebooks/')).toEqual({ section: 'notebooks' })
    expect(parseRoute('#notebooks/7')).toEqual({ section: 'notebooks', id: '7' })
  })

  it('falls back to the overview for no hash or an unknown section', () => {
    expect(parseRoute('')).toEqual({ section: 'overview' })
    expect(parseRoute('#/')).toEqual({ section: 'overview' })
    expect(parseRoute('#/nowhere/3')).toEqual({ section: 'overview' })
  })

  it('decodes escaped ids, ignores extra segments and a query, and survives a malformed escape', () => {
    expect(parseRoute('#/notebooks/oee%20week')).toEqual({ section: 'notebooks', id: 'oee week' })
    expect(parseRoute('#/notebooks/42/cells/3')).toEqual({ section: 'notebooks', id: '42' })
    expect(parseRoute('#/notebooks/42?cell=a')).toEqual({ section: 'notebooks', id: '42' })
    expect(parseRoute('#/notebooks/%E0%A4%A')).toEqual({ section: 'notebooks' })
  })

  it('writes a route back as the hash it came from', () => {
    expect(routeHash({ section: 'notebooks', id: 'oee week' })).toBe('#/notebooks/oee%20week')
    expect(parseRoute(routeHash({ section: 'notebooks', id: 'a/b' }))).toEqual({ section: 'notebooks', id: 'a/b' })
    expect(routeHash({ section: 'jobs' })).toBe('#/jobs')
  })

  it('shows managers no notebooks, analysts no admin, admins everything', () => {
    expect(sectionsFor('manager').map((s) => s.id)).not.toContain('notebooks')
    expect(sectionsFor('analyst').map((s) => s.id)).toContain('notebooks')
    expect(sectionsFor('analyst').map((s) => s.id)).not.toContain('admin')
    expect(sectionsFor('admin')).toHaveLength(9)
  })
})
