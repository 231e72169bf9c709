/**
 * Monaco's side of sql-cell completion. Monaco takes one provider per language, for every
 * editor on the page, so each editor attaches its model with what completion reads there — the
 * catalog (one shared, cached read) and the notebook's names at that moment — and the one
 * provider looks the model up. completeSql decides what to offer; this only translates.
 */
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js'
import { SQL_LANGUAGE_ID } from './duckdb-sql-language.ts'
import { completeSql, type CatalogDescription, type NotebookNames, type Suggestion, type SuggestionKind } from './sql-completion.ts'

export interface CompletionSource {
  catalog: () => Promise<CatalogDescription>
  names: () => NotebookNames
}

const sources = new Map<string, CompletionSource>()

/** Registers the provider; once, when Monaco loads. */
export function registerSqlCompletion(monaco: typeof Monaco): void {
  monaco.languages.registerCompletionItemProvider(SQL_LANGUAGE_ID, {
    triggerCharacters: ['.', '$'],
    async provideCompletionItems(model, position) {
      const source = sources.get(model.uri.toString())
      if (source === undefined) return { suggestions: [] }
      const catalog = await source.catalog()
      const { from, suggestions } = completeSql(model.getValue(), model.getOffsetAt(position), catalog, source.names())
      const start = model.getPositionAt(from)
      const range = new monaco.Range(start.lineNumber, start.column, position.lineNumber, position.column)
      return { suggestions: suggestions.map((suggestion) => completionItem(monaco, suggestion, range)) }
    },
  })
}

/** Completion in this editor's model reads `source`; the returned function detaches it. */
export function attachCompletion(model: Monaco.editor.ITextModel, source: CompletionSource): () => void {
  const key = model.uri.toString()
  sources.set(key, source)
  return () => {
    if (sources.get(key) === source) sources.delete(key)
  }
}

function completionItem(monaco: typeof Monaco, suggestion: Suggestion, range: Monaco.IRange): Monaco.languages.CompletionItem {
  const item: Monaco.languages.CompletionItem = {
    label: { label: suggestion.label, description: suggestion.detail },
    kind: ITEM_KINDS(monaco)[suggestion.kind],
    insertText: suggestion.insert,
    // The rank first, so the context's likeliest names lead whatever the alphabet says.
    sortText: `${suggestion.rank}${suggestion.label}`,
    filterText: suggestion.label,
    range,
  }
  if (suggestion.call === true) {
    item.insertText = `${suggestion.insert}($0)`
    item.insertTextRules = monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet
  }
  if (suggestion.retrigger === true) item.command = { id: 'editor.action.triggerSuggest', title: 'Suggest' }
  return item
}

const ITEM_KINDS = (monaco: typeof Monaco): Record<SuggestionKind, Monaco.languages.CompletionItemKind> => {
  const kind = monaco.languages.CompletionItemKind
  return {
    schema: kind.Module,
    table: kind.Struct,
    cell: kind.Class,
    cte: kind.Class,
    column: kind.Field,
    parameter: kind.Variable,
    function: kind.Function,
    aggregate: kind.Function,
    keyword: kind.Keyword,
    type: kind.TypeParameter,
  }
}
