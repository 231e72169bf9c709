/**
 * Where a JSON text goes wrong, for the line of a refusal: V8's JSON.parse names no position in
 * many of its messages (Node 20: "Unexpected token '}', …"), so this small recursive-descent
 * reader walks the grammar of RFC 8259 and returns the offset of the first character that does
 * not fit, or undefined when the text is valid JSON.
 */

export function jsonErrorOffset(text: string): number | undefined {
  let at = 0
  const fail = (): never => {
    throw new JsonStop(at)
  }
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at += 1
  }
  const expect = (char: string): void => {
    if (text[at] !== char) fail()
    at += 1
  }
  const literal = (word: string): void => {
    for (const char of word) expect(char)
  }
  const string = (): void => {
    expect('"')
    while (text[at] !== '"') {
      if (at >= text.length || text.charCodeAt(at) < 0x20) fail()
      if (text[at] === '\\') {
        at += 1
        if (text[at] === 'u') {
          at += 1
          for (let i = 0; i < 4; i += 1) if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail()
          else at += 1
        } else if ('"\\/bfnrt'.includes(text[at] ?? 'x')) at += 1
        else fail()
      } else at += 1
    }
    at += 1
  }
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at))
    if (match === null) fail()
    at += match![0].length
  }
  const value = (): void => {
    space()
    const char = text[at]
    if (char === '{') {
      at += 1
      space()
      if (text[at] === '}') return void (at += 1)
      for (;;) {
        space()
        string()
        space()
        expect(':')
        value()
        space()
        if (text[at] === ',') at += 1
        else return expect('}')
      }
    }
    if (char === '[') {
      at += 1
      space()
      if (text[at] === ']') return void (at += 1)
      for (;;) {
        value()
        space()
        if (text[at] === ',') at += 1
        else return expect(']')
      }
    }
    if (char === '"') return string()
    if (char === 't') return literal('true')
    if (char === 'f') return literal('false')
    if (char === 'n') return literal('null')
    return number()
  }
  try {
    value()
    space()
    if (at < text.length) fail()
    return undefined
  } catch (error) {
    if (error instanceof JsonStop) return error.offset
    throw error
  }
}

class JsonStop extends Error {
  constructor(readonly offset: number) {
    super(`JSON stops at ${offset}`)
  }
}
