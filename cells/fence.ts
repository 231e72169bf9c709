/**
 * The lines of a notebook file and its fences, as the file format needs them: every line keeps
 * its own ending (`\n`, `\r\n`, or none at the end of the file) so a file can be rebuilt byte for
 * byte, and a fence is recognised as CommonMark does (three or more backticks or tildes, up to
 * three spaces of indent, closed by a run of the same character at least as long).
 */

export interface Line {
  /** The line without its ending. */
  content: string
  /** The line with its ending, exactly as in the file. */
  raw: string
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = []
  let start = 0
  while (start < text.length) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline + 1
    const raw = text.slice(start, end)
    lines.push({ raw, content: raw.replace(/\r?\n$/, '') })
    start = end
  }
  return lines
}

export interface FenceOpen {
  /** The run of backticks or tildes, e.g. "```" or "````". */
  fence: string
  indent: string
  info: string
}

export function fenceOpen(content: string): FenceOpen | undefined {
  const match = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(content)
  if (match === null) return undefined
  const [, indent = '', fence = '', info = ''] = match
  // A backtick fence's info string may hold no backtick (CommonMark): "```a``` b" is inline code.
  if (fence.startsWith('`') && info.includes('`')) return undefined
  return { fence, indent, info }
}

export function closesFence(content: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(content)
  return match !== null && match[1]![0] === fence[0] && match[1]!.length >= fence.length
}

/** The shortest backtick fence (three or more) that no line of `body` would close. */
export function safeFence(body: string, from = '```'): string {
  let fence = from
  while (splitLines(body).some((line) => closesFence(line.content, fence))) fence += '`'
  return fence
}

/** The text without one final line ending: a fenced body's value. */
export function withoutFinalLineEnding(text: string): string {
  return text.replace(/\r?\n$/, '')
}
