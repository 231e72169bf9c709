export { loadSettings, isS3, type Settings, type Mode, type RawFlags } from './load.ts'
export { ConfigError, isConfigError } from './errors.ts'
export { optionSpecs, type OptionSpec } from './options.ts'
export type { Config, LogLevel } from './schema.ts'
