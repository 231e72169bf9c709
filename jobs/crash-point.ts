/**
 * Test-only fault injection. The system tests set COCKPIT_TEST_CRASH_AT to a point's name
 * (`name` or `name:n`, the nth time the point is reached) to kill a real `cockpit` at an exact
 * place, as `kill -9` or a power cut would: SIGKILL to its process group when it leads one (so
 * its children die with it), else to itself. Unset, a point costs one environment lookup.
 */
const reached = new Map<string, number>()

export async function crashPoint(name: string): Promise<void> {
  const wanted = process.env.COCKPIT_TEST_CRASH_AT
  if (wanted === undefined || wanted === '') return
  const [point, nth = '1'] = wanted.split(':')
  if (point !== name) return
  const count = (reached.get(name) ?? 0) + 1
  reached.set(name, count)
  if (count !== Number(nth)) return
  try {
    process.kill(-process.pid, 'SIGKILL')
  } catch {
    process.kill(process.pid, 'SIGKILL')
  }
  // Nothing after the point may run: hang until the signal lands.
  await new Promise<void>(() => undefined)
}
