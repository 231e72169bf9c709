/**
 * The workbench's sections, in navigation order, and which roles use each (admins use all; the
 * server's access rules are what enforce it — this only keeps the navigation honest). Hash
 * routes keep deep links working behind any proxy; a route may carry one parameter after its
 * section (`#/notebooks/42`), which the router keeps so a reload reopens the same notebook.
 */
import type { Role } from '../../../server/index.ts'

const EVERYONE: readonly Role[] = ['analyst', 'manager', 'engineer']
const DATA: readonly Role[] = ['analyst', 'engineer']

export const sections = [
  { id: 'overview', label: 'Overview', roles: EVERYONE },
  { id: 'live', label: 'Live', roles: EVERYONE },
  { id: 'notebooks', label: 'Notebooks', roles: DATA },
  { id: 'boards', label: 'Boards', roles: EVERYONE },
  { id: 'alerts', label: 'Alerts', roles: EVERYONE },
  { id: 'catalog', label: 'Catalog', roles: DATA },
  { id: 'jobs', label: 'Jobs', roles: [] },
  { id: 'tokens', label: 'API tokens', roles: EVERYONE },
  { id: 'admin', label: 'Admin', roles: [] },
] as const satisfies readonly { id: string; label: string; roles: readonly Role[] }[]

export type SectionId = (typeof sections)[number]['id']

/** Where the hash points: a section and, for sections that open one item, its id. */
export interface Route {
  section: SectionId
  /** The item within the section (`42` in `#/notebooks/42`), decoded; undefined for the section's list. */
  id?: string
}

/** Parses `#/section/id`; an unknown section is the overview, extra segments are ignored. */
export function parseRoute(hash: string): Route {
  const [first, second] = hash.replace(/^#\/?/, '').split(/[?]/)[0]!.split('/')
  const section = sections.find((s) => s.id === first)?.id
  if (section === undefined) return { section: 'overview' }
  if (second === undefined || second === '') return { section }
  try {
    return { section, id: decodeURIComponent(second) }
  } catch (error) {
    // A malformed escape (`%E0%A4%A`) is a URIError: open the section's list rather than a wrong item.
    if (error instanceof URIError) return { section }
    throw error
  }
}

/** The hash of a route, its id escaped: the inverse of parseRoute. */
export function routeHash(route: Route): string {
  return route.id === undefined ? `#/${route.section}` : `#/${route.section}/${encodeURIComponent(route.id)}`
}

export function sectionFromHash(hash: string): SectionId {
  return parseRoute(hash).section
}

export function sectionsFor(role: Role): (typeof sections)[number][] {
  return sections.filter((section) => role === 'admin' || (section.roles as readonly Role[]).includes(role))
}
