/**
 * Reads a password for the CLI: the first line of stdin when it is piped (scripts, the test
 * harness), otherwise a prompt on the terminal that does not echo what is typed.
 */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'

export async function readPassword(prompt: string): Promise<string> {
  if (process.stdin.isTTY !== true) return firstLineOfStdin()
  return promptHidden(prompt)
}

async function firstLineOfStdin(): Promise<string> {
  let text = ''
  for await (const chunk of process.stdin) {
    text += String(chunk)
    if (text.includes('\n')) break
  }
  return text.split(/\r?\n/)[0] ?? ''
}

function promptHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt)
  // Swallow the echo of typed characters; the prompt itself went out above.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() })
  const reader = createInterface({ input: process.stdin, output: silent, terminal: true })
  return new Promise((resolve) => {
    reader.question('', (answer) => {
      reader.close()
      process.stderr.write('\n')
      resolve(answer)
    })
  })
}
