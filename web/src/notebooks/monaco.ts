/**
 * Monaco, bundled by Vite with its editor worker (`?worker`: no CDN, nothing outside is
 * reachable from a plant network). Loaded only by the SQL cell editor through a dynamic import,
 * so routes other than the notebooks never download it. Only the core editor and the SQL
 * language are included: the JSON, TypeScript, CSS and HTML language services would add
 * megabytes the notebook does not use.
 */
import 'monaco-editor/esm/vs/editor/edcore.main.js'
import 'monaco-editor/esm/vs/basic-languages/sql/sql.contribution.js'
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js'
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker'

// The one worker Monaco needs without language services: diffing, word ranges, links.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() }

/** The cockpit's calm light theme: neutral greys, the one accent colour, keywords in a dark blue. */
monaco.editor.defineTheme('cockpit', {
  base: 'vs',
  inherit: true,
  rules: [{ token: 'keyword', foreground: '1f4e8c', fontStyle: 'bold' }, { token: 'string', foreground: '7a4d00' }, { token: 'number', foreground: '1b6b3a' }, { token: 'comment', foreground: '6b7585', fontStyle: 'italic' }],
  colors: { 'editor.background': '#ffffff', 'editor.lineHighlightBackground': '#f3f5f8', 'editorLineNumber.foreground': '#9aa3b0' },
})

export { monaco }
