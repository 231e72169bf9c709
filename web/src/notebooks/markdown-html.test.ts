/** Markdown cells render a safe subset: nothing in a notebook's text becomes a tag or an attribute. */
import { describe, expect, it } from 'vitest'
import { escapeMarkdown } from '../../../cells/index.ts'
import { markdownHtml } from './markdown-html.ts'

describe('markdown cells as HTML', () => {
  it('renders headings, paragraphs, lists, code and emphasis', () => {
    expect(markdownHtml('# OEE this week\n\nThe *worst* three machines, **by OEE**:\n\n- M01\n- M02\n\n1. first\n2. second')).toBe(
      '<h1>OEE this week</h1>\n<p>The <em>worst</em> three machines, <strong>by OEE</strong>:</p>\n<ul><li>M01</li><li>M02</li></ul>\n<ol><li>first</li><li>second</li></ol>',
    )
    expect(markdownHtml('Use `select *` here\n\n```sql\nselect 1 < 2\n```')).toBe('<p>Use <code>select *</code> here</p>\n<pre><code>select 1 &lt; 2</code></pre>')
  })

  it('escapes raw HTML, scripts and attributes instead of passing them through', () => {
    expect(markdownHtml('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')
    expect(markdownHtml('## <img src=x onerror="alert(1)">')).toBe('<h2>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</h2>')
    expect(markdownHtml('- <b>bold</b> & `<i>`')).toBe('<ul><li>&lt;b&gt;bold&lt;/b&gt; &amp; <code>&lt;i&gt;</code></li></ul>')
    expect(markdownHtml('```\n</code></pre><script>x</script>\n```')).toBe('<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;</code></pre>')
  })

  it('shows a value interpolated with cells’ escapeMarkdown as the plain text it was', () => {
    const value = '*not emphasis* <b>x</b> ${from}'
    expect(markdownHtml(`Machine: ${escapeMarkdown(value)}`)).toBe('<p>Machine: *not emphasis* &lt;b&gt;x&lt;/b&gt; ${from}</p>')
  })
})
