/** The README's configuration table, rendered from `optionSpecs` (a test keeps the README in step). */
import { optionSpecs } from './options.ts'

export function configTable(): string {
  const rows = optionSpecs.map((spec) => {
    const flag = 'flag' in spec ? `\`--${spec.flag}\`` : ''
    const fallback = 'default' in spec ? `\`${spec.default}\`` : ''
    return `| \`${spec.env}\` | ${flag} | ${fallback} | ${spec.description} |`
  })
  return ['| variable | flag | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n')
}
