/** Every timestamp is stored in UTC; the UI shows it in the plant's time zone. */

export function plantTime(iso: string | null | undefined, plantTz: string): string {
  if (iso === null || iso === undefined) return '–'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: plantTz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date)
}

export function duration(fromIso: string, toIso: string | null): string {
  const ms = (toIso === null ? Date.now() : Date.parse(toIso)) - Date.parse(fromIso)
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`
}
