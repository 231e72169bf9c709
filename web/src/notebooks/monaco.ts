/**
 * Monaco, bundled by Vite with its editor worker (`?worker`: no CDN, nothing outside is
 * reachable from a plant network). Loaded only by the SQL cell editor through a dynamic import,
 * so routes other than the notebooks never download it. Only the core editor and our DuckDB SQL
 * language are included: the JSON, TypeScript, CSS and HTML language services would add
 * megabytes the notebook does not use, and Monaco's own `sql` is T-SQL's.
 */
import 'monaco-editor/esm/vs/editor/edcore.main.js'
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js'
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker'
import { duckdbSqlConfiguration, duckdbSqlTokens, SQL_LANGUAGE_ID } from './duckdb-sql-language.ts'
import { attachCompletion, registerSqlCompletion } from './sql-completion-provider.ts'

// The one worker Monaco needs without language services: diffing, word ranges, links.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() }

monaco.languages.register({ id: SQL_LANGUAGE_ID, extensions: ['.sql'], aliases: ['DuckDB SQL', 'SQL'] })
monaco.languages.setLanguageConfiguration(SQL_LANGUAGE_ID, duckdbSqlConfiguration)
monaco.languages.setMonarchTokensProvider(SQL_LANGUAGE_ID, duckdbSqlTokens)
registerSqlCompletion(monaco)

/** The cockpit's calm light theme: neutral greys, the one accent colour, keywords in a dark blue. */
monaco.editor.defineTheme('cockpit', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'keyword', foreground: '1f4e8c', fontStyle: 'bold' },
    { token: 'type', foreground: '1f4e8c' },
    { token: 'variable', foreground: '8a2f62' },
    // The base theme paints SQL strings red and functions magenta (`string.sql`, `predefined.sql`): too loud for a calm screen.
    { token: 'string', foreground: '7a4d00' },
    { token: 'string.sql', foreground: '7a4d00' },
    { token: 'predefined.sql', foreground: '5a3d8a' },
    { token: 'operator.sql', foreground: '4a5567' },
    { token: 'number', foreground: '1b6b3a' },
    { token: 'comment', foreground: '6b7585', fontStyle: 'italic' },
  ],
  colors: { 'editor.background': '#ffffff', 'editor.lineHighlightBackground': '#f3f5f8', 'editorLineNumber.foreground': '#9aa3b0' },
})

export { attachCompletion, monaco }
