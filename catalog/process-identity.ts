/**
 * Who owns a staging folder or a job run: a process, named so that another process sharing the
 * data dir can tell whether it still lives. A pid alone is not enough (pids are reused after a
 * crash), so on Linux the identity adds the process's start time and the boot it started in,
 * and the pid namespace its pid is counted in. A process on another host or in another pid
 * namespace cannot be checked from here: it is reported `unknown`, never `dead`, so that its
 * files are never taken from under it.
 */
import { readFileSync, readlinkSync } from 'node:fs'
import { hostname } from 'node:os'
import { z } from 'zod'

export const processIdentitySchema = z.object({
  host: z.string(),
  pid: z.number().int().positive(),
  /** Linux: clock ticks since boot when the process started (field 22 of /proc/<pid>/stat). */
  startTicks: z.string().optional(),
  bootId: z.string().optional(),
  pidNamespace: z.string().optional(),
})

export type ProcessIdentity = z.infer<typeof processIdentitySchema>

export type ProcessState = 'alive' | 'dead' | 'unknown'

let current: ProcessIdentity | undefined

export function currentProcess(): ProcessIdentity {
  current ??= {
    host: hostname(),
    pid: process.pid,
    startTicks: startTicksOf(process.pid),
    bootId: readOrUndefined(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    pidNamespace: readOrUndefined(() => readlinkSync('/proc/self/ns/pid')),
  }
  return current
}

/** Whether the process `owner` names still runs, as far as this process can tell. */
export function processState(owner: ProcessIdentity): ProcessState {
  const self = currentProcess()
  if (owner.host !== self.host) return 'unknown'
  if (owner.bootId !== undefined && self.bootId !== undefined && owner.bootId !== self.bootId) return 'dead'
  if (owner.pidNamespace !== self.pidNamespace) return 'unknown'
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    // EPERM: a process of another user holds the pid; the start time below decides.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'dead'
  }
  if (owner.startTicks === undefined) return 'alive'
  return startTicksOf(owner.pid) === owner.startTicks ? 'alive' : 'dead'
}

/** Parses an identity stored as JSON; undefined when it is missing or not one. */
export function parseProcessIdentity(text: string | null | undefined): ProcessIdentity | undefined {
  if (text === null || text === undefined) return undefined
  try {
    const parsed = processIdentitySchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

function startTicksOf(pid: number): string | undefined {
  return readOrUndefined(() => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19]
  })
}

function readOrUndefined(read: () => string | undefined): string | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}
