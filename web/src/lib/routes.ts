/**
 * The workbench's sections, in navigation order, and which roles use each (admins use all; the
 * server's access rules are what enforce it — this only keeps the navigation honest). Hash
 * routes keep deep links working behind any proxy.
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

export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '').split('/')[0]
  return sections.find((section) => section.id === id)?.id ?? 'overview'
}

export function sectionsFor(role: Role): (typeof sections)[number][] {
  return sections.filter((section) => role === 'admin' || (section.roles as readonly Role[]).includes(role))
}
