/**
 * A SqlReferencePort for tests: fixed answers per exact SQL text, as DuckDB's
 * `json_serialize_sql` gives them on the server. It parses nothing; SQL it has no answer for is
 * rejected, so a test that asks something unplanned fails loudly.
 */
import type { SqlReferencePort, SqlReferences } from '../references.ts'

export interface FakeReferencePort extends SqlReferencePort {
  /** Every SQL text asked, in order. */
  asked: string[]
}

export function fakeReferencePort(answers: ReadonlyMap<string, SqlReferences> | Readonly<Record<string, SqlReferences>>): FakeReferencePort {
  const table = answers instanceof Map ? answers : new Map(Object.entries(answers))
  const asked: string[] = []
  return {
    asked,
    references(sql) {
      asked.push(sql)
      const answer = table.get(sql)
      return answer === undefined ? Promise.reject(new Error(`Parser Error: no fixed answer for ${JSON.stringify(sql)}`)) : Promise.resolve(answer)
    },
  }
}
