/** Runs the CLI as a process entry point (bin/cockpit.js registers tsx first; `tsx watch` uses this directly). */
import { main } from './main.ts'

/**
 * Resolves once everything written to the stream has been handed to the OS. process.exit drops
 * what is still queued for a pipe: a large `cockpit sql` answer read by a slower process lost
 * its last rows. A reader that went away (EPIPE, `| head`) has nothing more to be handed.
 */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('error', () => resolve())
    stream.write('', () => resolve())
  })
}

const code = await main(process.argv.slice(2))
await Promise.all([drained(process.stdout), drained(process.stderr)])
process.exit(code)
