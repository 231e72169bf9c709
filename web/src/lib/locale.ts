/** The reader's locale: dates and numbers are written the way the reader's browser is set up. */

export type Locales = readonly string[] | undefined

/** The browser's preferred locales; undefined (Intl's default) where there is no navigator. */
export function browserLocales(): Locales {
  const languages = typeof navigator === 'undefined' ? undefined : navigator.languages
  return languages !== undefined && languages.length > 0 ? languages : undefined
}

/** A count with the reader's thousands separators. */
export function count(value: number, locales: Locales = browserLocales()): string {
  return value.toLocaleString(locales as string[] | undefined)
}
