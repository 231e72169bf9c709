import { describe, expect, it } from 'vitest'
import { escapeMarkdown, interpolateMarkdown, markdownReferences } from './markdown.ts'

describe('markdown interpolation', () => {
  it('finds the names a text interpolates', () => {
    expect(markdownReferences('OEE since ${from}: ${best} (${from}) ${not a name} \\${literal} ${Oee}')).toEqual(['from', 'best'])
  })

  it('puts values in, escaped, and reports names without a value', () => {
    const result = interpolateMarkdown('Best: ${best}, since ${from}, by ${who}', { best: 0.87, from: '2026-11-01' })
    expect(result).toEqual({ text: 'Best: 0\\.87, since 2026\\-11\\-01, by ${who}', missing: ['who'] })
  })

  it('never evaluates and lets no markup in', () => {
    expect(interpolateMarkdown('${x}', { x: '<img src=x onerror=alert(1)> *b* [l](javascript:x) ${y}' }).text).toBe(
      '\\<img src\\=x onerror\\=alert\\(1\\)\\> \\*b\\* \\[l\\]\\(javascript\\:x\\) \\$\\{y\\}',
    )
    expect(interpolateMarkdown('${constructor} ${1+1}', {}).text).toBe('${constructor} ${1+1}')
    expect(escapeMarkdown('a\n# b')).toBe('a \\# b')
  })
})
