/**
 * A markdown cell as HTML, from a small safe subset of CommonMark: headings, paragraphs, bullet
 * and numbered lists, fenced and inline code, emphasis and strong emphasis, backslash escapes
 * (what cells/markdown.ts's escapeMarkdown relies on). Every character of the text is HTML-
 * escaped before any tag is added, and no tag comes from the text itself: raw HTML, scripts and
 * attributes in a notebook are shown as text, never run.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!)

/** Characters CommonMark lets a backslash escape; they are parked as placeholders while inline rules run. */
const ESCAPABLE = /\\([!-/:-@[-`{-~])/g
const PARKED = /\u0000(\d+)\u0000/g

/** Inline markup of one block's text: code spans first (their content is literal), then escapes, strong, emphasis. */
export function inlineHtml(text: string): string {
  const parked: string[] = []
  const park = (html: string) => `\u0000${parked.push(html) - 1}\u0000`
  let out = text.replace(/\u0000/g, '')
  out = out.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, __, code: string) => park(`<code>${escapeHtml(code.trim())}</code>`))
  out = out.replace(ESCAPABLE, (_, char: string) => park(escapeHtml(char)))
  out = escapeHtml(out)
  out = out.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '<strong>$2</strong>')
  out = out.replace(/(\*|_)(?=\S)([\s\S]*?\S)\1/g, '<em>$2</em>')
  return out.replace(PARKED, (_, i: string) => parked[Number(i)]!)
}

type Block = { kind: 'heading'; level: number; text: string } | { kind: 'code'; text: string } | { kind: 'list'; ordered: boolean; items: string[] } | { kind: 'paragraph'; text: string }

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/

function blocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const out: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    const fence = /^\s{0,3}(```+|~~~+)/.exec(line)
    if (fence) {
      const body: string[] = []
      for (i++; i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!); i++) body.push(lines[i]!)
      out.push({ kind: 'code', text: body.join('\n') })
      i++
      continue
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading) {
      out.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! })
      i++
      continue
    }
    const item = LIST_ITEM.exec(line)
    if (item) {
      const ordered = /\d/.test(item[1]!)
      const items: string[] = []
      for (let m = LIST_ITEM.exec(lines[i] ?? ''); m && /\d/.test(m[1]!) === ordered; m = LIST_ITEM.exec(lines[++i] ?? '')) items.push(m[2]!)
      out.push({ kind: 'list', ordered, items })
      continue
    }
    if (line.trim() === '') {
      i++
      continue
    }
    const paragraph: string[] = []
    for (; i < lines.length && lines[i]!.trim() !== '' && !/^\s{0,3}(#{1,6}\s|```|~~~)/.test(lines[i]!) && !LIST_ITEM.test(lines[i]!); i++) paragraph.push(lines[i]!.trim())
    out.push({ kind: 'paragraph', text: paragraph.join('\n') })
  }
  return out
}

export function markdownHtml(text: string): string {
  return blocks(text)
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `<h${block.level}>${inlineHtml(block.text)}</h${block.level}>`
        case 'code':
          return `<pre><code>${escapeHtml(block.text)}</code></pre>`
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul'
          return `<${tag}>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</${tag}>`
        }
        case 'paragraph':
          return `<p>${inlineHtml(block.text)}</p>`
      }
    })
    .join('\n')
}
