/**
 * Which page of the Alerts section the hash opens. The shell's router keeps one segment after
 * the section; the rule editor needs two (`#/alerts/rules/12`), so the section reads its own.
 */
export type AlertsView = { page: 'alerts' } | { page: 'rules' } | { page: 'rule'; id: number | 'new'; template?: string; sql?: string; name?: string } | { page: 'silences' }

export function alertsView(hash: string): AlertsView {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?')
  const [, page, id] = path!.split('/')
  if (page === 'silences') return { page: 'silences' }
  if (page !== 'rules') return { page: 'alerts' }
  if (id === undefined || id === '') return { page: 'rules' }
  if (id === 'new') {
    const params = new URLSearchParams(query)
    // A notebook's sql cell arrives as `sql` (its query) and `name` (the cell's name).
    return { page: 'rule', id: 'new', template: params.get('template') ?? undefined, sql: params.get('sql') ?? undefined, name: params.get('name') ?? undefined }
  }
  const number = Number(id)
  return Number.isInteger(number) && number > 0 ? { page: 'rule', id: number } : { page: 'rules' }
}

/** Engineers (and admins) write rules, acknowledge and silence; everyone else reads. */
export function mayEdit(role: string | undefined): boolean {
  return role === 'engineer' || role === 'admin'
}
