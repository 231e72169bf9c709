import { describe, expect, it } from 'vitest'
import { identifierOf, significant, tokenizeSql } from './sql-tokens.ts'

const kinds = (sql: string) => tokenizeSql(sql).filter((t) => t.type !== 'space').map((t) => `${t.type}:${t.text}`)

describe('the SQL lexer', () => {
  it('tells words from strings, quoted identifiers, comments and parameters', () => {
    expect(kinds(`select "oee" , 'it''s oee' from oee -- oee\nwhere x = $from /* oee */ and e'a\\'b' = $$oee$$ and $t$ x $t$ = 1.5`)).toEqual([
      'word:select', 'quoted:"oee"', 'symbol:,', "string:'it''s oee'", 'word:from', 'word:oee', 'comment:-- oee', 'word:where', 'word:x', 'symbol:=', 'parameter:$from',
      'comment:/* oee */', 'word:and', "string:e'a\\'b'", 'symbol:=', 'string:$$oee$$', 'word:and', 'string:$t$ x $t$', 'symbol:=', 'number:1.5',
    ])
  })

  it('keeps every character: the tokens join back into the SQL', () => {
    const sql = "select 1 -- unclosed 'quote\n, 'open"
    expect(tokenizeSql(sql).map((t) => t.text).join('')).toBe(sql)
  })

  it('compares identifiers as DuckDB folds them', () => {
    const [word, quoted] = significant(tokenizeSql('OEE "Say ""hi"""'))
    expect([identifierOf(word!), identifierOf(quoted!)]).toEqual(['oee', 'say "hi"'])
  })
})
