/**
 * Notebook files stitched from pieces that stress the format (fences of every length and kind,
 * blank lines, CRLF, a missing final newline), from a seeded generator so that a failure
 * reproduces. Many are refused by the strict reader; the tests use both kinds.
 */
const pieces = [
  '# Title', '', '   ', 'prose with ``` inside', '```sql a', '```sql b', '```plot p', '```input i', '```live l', '```', '````', '`````', '~~~', '```js',
  'select 1', 'select * from a', '{"data": "a", "marks": [{"type": "dot"}]}', '{"type": "number", "default": 1}', '{"spanMinutes": 5}', '    ```sql indented', '${a}',
]

export function generatedNotebookFiles(count: number, seed = 13): string[] {
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  return Array.from({ length: count }, () => {
    const eol = next() < 0.3 ? '\r\n' : '\n'
    const lines = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)]!)
    return lines.join(eol) + (next() < 0.7 ? eol : '')
  })
}
