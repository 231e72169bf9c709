/**
 * DuckDB SQL for Monaco: its tokens and editing rules, under the language id `sql`. Monaco's own
 * `sql` is T-SQL's (`[bracketed]` identifiers, `N'…'`, `@@vars`), which paints DuckDB's list
 * literals `[1, 2]` as names and knows neither `qualify`, `asof` nor `$param`. These follow
 * DuckDB's lexer as cells/sql-tokens.ts does: '' inside strings, E'…' with backslashes,
 * $tag$…$tag$ strings, "" inside quoted identifiers, -- and /* *\/ comments, `$name` parameters.
 */
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js'
import { DUCKDB_KEYWORDS, DUCKDB_TYPES } from './duckdb-words.ts'

export const SQL_LANGUAGE_ID = 'sql'

export const duckdbSqlConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '--', blockComment: ['/*', '*/'] },
  brackets: [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ],
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: '{', close: '}' },
    { open: "'", close: "'", notIn: ['string', 'comment'] },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '(', close: ')' },
    { open: "'", close: "'" },
    { open: '"', close: '"' },
  ],
  // `$from` is one word: a double click selects the parameter, completion replaces it whole.
  wordPattern: /(-?\d*\.\d\w*)|(\$?[A-Za-z_\u00C0-\uFFFF][\w$\u00C0-\uFFFF]*)/g,
}

export const duckdbSqlTokens: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.sql',
  ignoreCase: true,
  keywords: [...DUCKDB_KEYWORDS],
  types: [...DUCKDB_TYPES],
  brackets: [
    { open: '[', close: ']', token: 'delimiter.square' },
    { open: '(', close: ')', token: 'delimiter.parenthesis' },
    { open: '{', close: '}', token: 'delimiter.curly' },
  ],
  tokenizer: {
    root: [
      [/\s+/, 'white'],
      [/--.*$/, 'comment'],
      [/\/\*/, { token: 'comment', next: '@comment' }],
      [/[eE]'/, { token: 'string', next: '@escapedString' }],
      [/'/, { token: 'string', next: '@string' }],
      [/\$\$/, { token: 'string', next: '@dollarString' }],
      [/\$[A-Za-z_]\w*\$/, { token: 'string', next: '@taggedString.$0' }],
      [/\$[A-Za-z_]\w*|\$\d+|\?/, 'variable'],
      [/"/, { token: 'identifier.quote', next: '@quotedIdentifier' }],
      [/0[xX][0-9a-fA-F_]+/, 'number'],
      [/(\d[\d_]*(\.[\d_]*)?|\.\d[\d_]*)([eE][-+]?\d+)?/, 'number'],
      // A name followed by `(` is a call: `day(ts)` is a function even though `day` is a column elsewhere.
      [/[A-Za-z_][\w$]*(?=\s*\()/, { cases: { '@keywords': 'keyword', '@types': 'type', '@default': 'predefined' } }],
      [/[A-Za-z_][\w$]*/, { cases: { '@keywords': 'keyword', '@types': 'type', '@default': 'identifier' } }],
      [/[()[\]{}]/, '@brackets'],
      [/::|->>|->|\|\||<=|>=|<>|!=|==|[<>=+\-*/%^~!&|]/, 'operator'],
      [/[;,.:]/, 'delimiter'],
    ],
    comment: [
      [/[^*/]+/, 'comment'],
      [/\*\//, { token: 'comment', next: '@pop' }],
      [/[*/]/, 'comment'],
    ],
    string: [
      [/[^']+/, 'string'],
      [/''/, 'string'],
      [/'/, { token: 'string', next: '@pop' }],
    ],
    escapedString: [
      [/[^'\\]+/, 'string'],
      [/\\./, 'string.escape'],
      [/''/, 'string'],
      [/'/, { token: 'string', next: '@pop' }],
    ],
    // Only the opening tag closes a dollar-quoted string: `$$a $x$$` is the text `a $x`.
    dollarString: [
      [/\$\$/, { token: 'string', next: '@pop' }],
      [/[^$]+/, 'string'],
      [/\$/, 'string'],
    ],
    taggedString: [
      [/\$[A-Za-z_]\w*\$/, { cases: { '$0==$S2': { token: 'string', next: '@pop' }, '@default': 'string' } }],
      [/[^$]+/, 'string'],
      [/\$/, 'string'],
    ],
    quotedIdentifier: [
      [/[^"]+/, 'identifier'],
      [/""/, 'identifier'],
      [/"/, { token: 'identifier.quote', next: '@pop' }],
    ],
  },
}
