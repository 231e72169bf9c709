/** The workbench's sections, in navigation order. Hash routes keep deep links working behind any proxy. */
export const sections = [
  { id: 'overview', label: 'Overview' },
  { id: 'live', label: 'Live' },
  { id: 'notebooks', label: 'Notebooks' },
  { id: 'boards', label: 'Boards' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'catalog', label: 'Catalog' },
  { id: 'jobs', label: 'Jobs' },
] as const

export type SectionId = (typeof sections)[number]['id']

export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '').split('/')[0]
  return sections.find((section) => section.id === id)?.id ?? 'overview'
}
