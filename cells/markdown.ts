/**
 * `${name}` in markdown cells: the names a text interpolates (for the dependency graph) and the
 * text with values put in. Only a bare cell name between `${` and `}` is interpolated, and its
 * value is written escaped: the text never evaluates anything, and a value can add no markup.
 * `\${name}` stays as written, so an author can show the syntax itself.
 */

const PLACEHOLDER = /(?<!\\)\$\{([a-z_][a-z0-9_]*)\}/g

/** The names a markdown text interpolates, in order of first use. */
export function markdownReferences(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1]!))]
}

/** A value markdown may show: inputs' values and scalar results (one row, one column). */
export type MarkdownValue = string | number | bigint | boolean | null

export interface Interpolation {
  text: string
  /** Names with no value (left as written). */
  missing: string[]
}

export function interpolateMarkdown(text: string, values: Readonly<Record<string, MarkdownValue | undefined>>): Interpolation {
  const missing = new Set<string>()
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined
    if (value === undefined) {
      missing.add(name)
      return whole
    }
    return escapeMarkdown(value === null ? '' : String(value))
  })
  return { text: out, missing: [...missing] }
}

/**
 * Backslash before every ASCII punctuation character, which CommonMark renders as the
 * character itself: no emphasis, link, HTML tag or further `${…}` can come from a value.
 * Line breaks become spaces so a value cannot start a heading or a list.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`)
}

/** The text with `${old}` written `${new}` for each rename (other text, and `\${…}`, untouched). */
export function renameMarkdownReferences(text: string, renames: ReadonlyMap<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const renamed = renames.get(name)
    return renamed === undefined ? whole : `\${${renamed}}`
  })
}
