/**
 * Turns environment variables and CLI flags into one validated `Settings` object.
 * Flags win over the environment; defaults come from `optionSpecs`. The first invalid value
 * becomes a `ConfigError` whose message names the variable (or flag), the value and what is
 * allowed — one line, because operators read it in a terminal or a container log.
 */
import { resolve } from 'node:path'
import { ConfigError } from './errors.ts'
import { optionSpecs, type OptionKey } from './options.ts'
import { configSchema, type Config } from './schema.ts'

export type Mode = 'embedded' | 'plant'

/** The validated config plus what follows from it: absolute paths and the mode. */
export interface Settings extends Config {
  mode: Mode
  mesSource: string
  catalog: string
}

export type RawFlags = Partial<Record<string, string>>

export function loadSettings(env: NodeJS.ProcessEnv, flags: RawFlags = {}): Settings {
  const raw: Partial<Record<OptionKey, string>> = {}
  const origin: Partial<Record<OptionKey, string>> = {}
  for (const spec of optionSpecs) {
    const flag = 'flag' in spec ? flags[spec.flag] : undefined
    const fromEnv = env[spec.env]
    if (flag !== undefined) {
      raw[spec.key] = flag
      origin[spec.key] = `--${'flag' in spec ? spec.flag : ''}`
    } else if (fromEnv !== undefined && fromEnv !== '') {
      raw[spec.key] = fromEnv
      origin[spec.key] = spec.env
    } else if ('default' in spec) {
      raw[spec.key] = spec.default
      origin[spec.key] = `${spec.env} (default)`
    }
  }

  const parsed = configSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const key = issue?.path[0] as OptionKey | undefined
    // A missing companion setting (cross-field check) has no origin: name its variable.
    const where = key ? origin[key] ?? optionSpecs.find((spec) => spec.key === key)?.env ?? key : 'configuration'
    // A database URL carries its password: the message (read in logs) shows it starred.
    const value = key === 'databaseUrl' ? raw[key]?.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@') : key ? raw[key] : undefined
    throw new ConfigError(`invalid configuration: ${where}=${JSON.stringify(value ?? '')}: ${issue?.message ?? 'invalid'}`)
  }
  return resolveSettings(parsed.data)
}

function resolveSettings(config: Config): Settings {
  const dataDir = resolve(config.dataDir)
  const plant = config.kafkaBrokers !== undefined || isS3(config.mesSource) || isS3(config.catalog)
  return {
    ...config,
    dataDir,
    mode: plant ? 'plant' : 'embedded',
    mesSource: locate(config.mesSource, resolve(dataDir, 'landing')),
    catalog: locate(config.catalog, resolve(dataDir, 'catalog')),
  }
}

function locate(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback
  return isS3(value) ? value : resolve(value)
}

export function isS3(location: string | undefined): location is `s3://${string}` {
  return location?.startsWith('s3://') ?? false
}
