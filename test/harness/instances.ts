/**
 * Several `cockpit start` sharing one app database (issue 16's system tests): the instances a
 * test started, stopped after it; which sensor partitions each consumes; and a job's runs once
 * the database records one succeeded and no instance runs it any more.
 */
import { queryPostgres } from './app-databases.ts'
import { serveCockpit, type ServedCockpit } from './cockpit.ts'

export class Instances {
  readonly #started: ServedCockpit[] = []

  async serve(env: NodeJS.ProcessEnv): Promise<ServedCockpit> {
    const cockpit = await serveCockpit({ env })
    this.#started.push(cockpit)
    return cockpit
  }

  /** Stops every instance still running (one a test killed is only waited for). */
  async stopAll(): Promise<void> {
    await Promise.all(this.#started.splice(0).map((cockpit) => cockpit.stop()))
  }
}

/** The sensor partitions an instance consumes, as its /api/health lists them (none while another holds them). */
export async function sensorPartitionsOf(cockpit: ServedCockpit): Promise<number[]> {
  const health = await (await fetch(`${cockpit.url}/api/health`)).json()
  return health.components.sensorSource.pipeline?.partitions ?? []
}

/** Waits until the database records a succeeded run of `job` and none of `instances` runs it any more; the job's runs, oldest first. */
export async function jobSettled(url: string, job: string, instances: ServedCockpit[]): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 600; i++) {
    const runs = await queryPostgres(url, 'SELECT id, status, trigger, error FROM job_runs WHERE job = $1 ORDER BY id', [job])
    const running = await Promise.all(instances.map(async (cockpit) => ((await (await cockpit.api('/api/jobs')).json()) as { jobs: { name: string; running: boolean }[] }).jobs.some((j) => j.running)))
    if (runs.some((run) => run.status === 'succeeded') && !running.includes(true)) return runs
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`no ${job} run finished:\n${instances.map((cockpit) => cockpit.output().slice(-4000)).join('\n----\n')}`)
}
