/**
 * The benchmark runner. Each benchmark measures the product against a reference run in the
 * same process or run (this machine is noisy, so ratios mean more than absolute times) and
 * prints a table. Benchmarks are never timed assertions in tests.
 */
import { alertLatencyBenchmark } from './alert-latency.ts'
import { alertsBenchmark } from './alerts.ts'
import { appDbCommitsBenchmark } from './app-db-commits.ts'
import { apiExportBenchmark } from './api-export.ts'
import { arrowBenchmark } from './arrow.ts'
import { fanoutBenchmark } from './fanout.ts'
import { latencyBenchmark } from './latency.ts'
import { authBenchmark } from './auth.ts'
import { bodyLimitsBenchmark } from './body-limits.ts'
import { boardOpenBenchmark } from './board-open.ts'
import { boardViewersBenchmark } from './board-viewers.ts'
import { mesBenchmark } from './mes.ts'
import { notebookCellBenchmark } from './notebook-cell.ts'
import { notebookOpenBenchmark } from './notebook-open.ts'
import { notebookWasmBenchmark } from './notebook-wasm.ts'
import { sensorsBenchmark } from './sensors.ts'
import { sensorsAppDbBenchmark } from './sensors-appdb.ts'
import { instancesBenchmark } from './instances.ts'
import { routeJsBenchmark } from './route-js.ts'
import { sandboxBenchmark } from './sandbox.ts'
import { sqlFairnessBenchmark } from './sql-fairness.ts'
import { startupBenchmark } from './startup.ts'

export interface Benchmark {
  name: string
  description: string
  run(): Promise<void>
}

const benchmarks: Benchmark[] = [startupBenchmark, mesBenchmark, sensorsBenchmark, latencyBenchmark, fanoutBenchmark, arrowBenchmark, sandboxBenchmark, sqlFairnessBenchmark, apiExportBenchmark, authBenchmark, bodyLimitsBenchmark, notebookCellBenchmark, boardViewersBenchmark, boardOpenBenchmark, notebookWasmBenchmark, notebookOpenBenchmark, routeJsBenchmark, alertsBenchmark, alertLatencyBenchmark, appDbCommitsBenchmark, sensorsAppDbBenchmark, instancesBenchmark]

async function main(): Promise<void> {
  const names = process.argv.slice(2)
  const unknown = names.filter((name) => !benchmarks.some((bench) => bench.name === name))
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${benchmarks.map((b) => b.name).join(', ')}`)
    process.exit(2)
  }
  const selected = names.length === 0 ? benchmarks : benchmarks.filter((bench) => names.includes(bench.name))
  for (const bench of selected) {
    console.log(`\n== ${bench.name}: ${bench.description}`)
    await bench.run()
  }
}

await main()
