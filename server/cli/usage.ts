/** The CLI's help text, built from the command list and the option specs so it cannot go stale. */
import { optionSpecs } from '../config/index.ts'

export interface CommandSummary {
  name: string
  summary: string
}

export const commands: CommandSummary[] = [{ name: 'start', summary: 'Start the cockpit server (what `npm start` runs).' }]

export function usage(): string {
  const flagged = optionSpecs.filter((spec) => 'flag' in spec)
  const lines = [
    'Usage: cockpit <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`),
    '',
    'Options for start:',
    ...flagged.map((spec) => `  --${`${'flag' in spec ? spec.flag : ''} <value>`.padEnd(20)} ${spec.description} (env ${spec.env}${'default' in spec ? `, default ${spec.default}` : ''})`),
    '',
    'Global options:',
    '  -h, --help             Show this help.',
    '  -v, --version          Show the version.',
    '',
    'Every setting can also come from the environment; see the README for the full table.',
  ]
  return lines.join('\n')
}
