/** The CLI's help text, built from the command list and the option specs so it cannot go stale. */
import { optionSpecs } from '../config/options.ts'
import { commands } from './commands/index.ts'

export function usage(): string {
  const flagged = optionSpecs.filter((spec) => 'flag' in spec)
  const lines = [
    'Usage: cockpit <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`),
    '',
    ...commands.flatMap((command) => [`  ${command.usage}`, ...Object.entries(command.options).map(([name, option]) => `      --${name.padEnd(14)} ${option.description}`)]),
    '',
    'Settings (every command):',
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
