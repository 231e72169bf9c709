/** Runs the CLI as a process entry point (bin/cockpit.js registers tsx first; `tsx watch` uses this directly). */
import { main } from './main.ts'

process.exit(await main(process.argv.slice(2)))
