/**
 * Before serving, prove that every configured outside service answers. A plant operator who
 * mistypes a broker address gets one line naming the variable and the cause, not a server
 * that looks up but ingests nothing.
 */
import { probeCatalog, probeMesSource, probeSensorSource } from './health/checks.ts'
import type { Runtime } from './runtime.ts'
import { StartupError } from './startup-error.ts'

type PreflightRuntime = Pick<Runtime, 'settings' | 's3' | 'logger'>

export async function preflight(runtime: PreflightRuntime): Promise<void> {
  const probes: [variable: string, probe: () => Promise<string>][] = [
    ['COCKPIT_CATALOG', () => probeCatalog(runtime)],
    ['COCKPIT_MES_SOURCE', () => probeMesSource(runtime)],
    ['COCKPIT_KAFKA_BROKERS', () => probeSensorSource(runtime)],
  ]
  const results = await Promise.allSettled(probes.map(([, probe]) => probe()))
  results.forEach((result, i) => {
    const variable = probes[i]![0]
    if (result.status === 'rejected') {
      throw new StartupError(`${variable}: ${(result.reason as Error).message}`, { cause: result.reason })
    }
    runtime.logger.info({ component: variable }, `reachable: ${result.value}`)
  })
}
