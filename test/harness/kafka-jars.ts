/**
 * The Kafka broker's jars: fetched from Maven Central by infra/kafka/pom.xml into
 * infra/kafka/libs (git-ignored), and fetched again only when the pom changes.
 * Also finds the `java` binary the broker runs on.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const kafkaInfraDir = fileURLToPath(new URL('../../infra/kafka/', import.meta.url))
const pomFile = join(kafkaInfraDir, 'pom.xml')
const libsDir = join(kafkaInfraDir, 'libs')
// Holds the pom's hash: libs that exist but came from another pom are stale.
const stampFile = join(libsDir, '.pom-sha256')
// Scratch space; git-ignored like libs/.
const targetDir = join(kafkaInfraDir, 'target')
// mkdir is atomic, so it serves as a lock between test workers that start brokers at once.
const lockDir = join(targetDir, 'libs.lock')
const staleLockMs = 10 * 60_000

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH. */
export function javaBinary(): string {
  const home = process.env.JAVA_HOME
  return home ? join(home, 'bin', 'java') : 'java'
}

let pending: Promise<string> | undefined

/** Returns infra/kafka/libs, running `mvn dependency:copy-dependencies` first if needed. */
export function ensureKafkaJars(): Promise<string> {
  // One download per process even when several callers ask at once.
  pending ??= fetchIfStale().finally(() => {
    pending = undefined
  })
  return pending
}

async function fetchIfStale(): Promise<string> {
  const wanted = createHash('sha256').update(readFileSync(pomFile)).digest('hex')
  if (isCurrent(wanted)) return libsDir
  await requireTool(javaBinary(), ['-version'], 'Java 17+ (the Kafka broker runs on it)')
  await requireTool('mvn', ['-v'], 'Maven (it fetches the Kafka jars from Maven Central)')
  await withLock(async () => {
    if (isCurrent(wanted)) return // another worker fetched them while we waited
    // Fetch into a side directory and swap it in, so a failed or interrupted download
    // never leaves a half-filled libs/ that looks complete.
    const fresh = join(targetDir, `libs.tmp-${process.pid}`)
    rmSync(fresh, { recursive: true, force: true })
    try {
      await run('mvn', ['-q', '-B', '-f', pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${fresh}`], {
        maxBuffer: 16 * 1024 * 1024,
      })
    } catch (error) {
      rmSync(fresh, { recursive: true, force: true })
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
      throw new Error(`mvn could not fetch the Kafka jars (${pomFile}):\n${`${stdout}\n${stderr}`.trim().slice(-4000)}`)
    }
    writeFileSync(join(fresh, '.pom-sha256'), `${wanted}\n`)
    rmSync(libsDir, { recursive: true, force: true })
    renameSync(fresh, libsDir)
  })
  return libsDir
}

function isCurrent(wanted: string): boolean {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === wanted
}

async function requireTool(command: string, args: string[], what: string): Promise<void> {
  try {
    await run(command, args)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const where = command.includes('/') ? 'does not exist' : 'was not found on PATH'
    const why = code === 'ENOENT' ? `\`${command}\` ${where}` : `\`${command} ${args.join(' ')}\` failed`
    throw new Error(`The Kafka harness needs ${what}: ${why}.`)
  }
}

async function withLock(body: () => Promise<void>): Promise<void> {
  mkdirSync(targetDir, { recursive: true })
  for (;;) {
    try {
      mkdirSync(lockDir)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      // A lock left by a killed process would otherwise block every later run.
      const lock = statSync(lockDir, { throwIfNoEntry: false })
      if (lock && Date.now() - lock.mtimeMs > staleLockMs) {
        rmSync(lockDir, { recursive: true, force: true })
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
  try {
    await body()
  } finally {
    rmSync(lockDir, { recursive: true, force: true })
  }
}
