/** Who is signed in, shared by the shell and the views; a 401 from any call shows the login page. */
import { fetchMe, login, logout, logoutEverywhere, whenSignedOut, type SignedInUser } from './api.ts'

export const session: { state: 'checking' | 'signed-out' | 'signed-in'; user?: SignedInUser } = $state({ state: 'checking' })

whenSignedOut(() => {
  session.state = 'signed-out'
  session.user = undefined
})

export async function checkSession(): Promise<void> {
  const result = await fetchMe()
  if (result.data !== undefined) Object.assign(session, { state: 'signed-in', user: result.data })
  else session.state = 'signed-out'
}

/** Undefined on success, else the message to show. */
export async function signIn(username: string, password: string): Promise<string | undefined> {
  const result = await login(username, password)
  if (result.error !== undefined) return result.error.message
  await checkSession()
  return undefined
}

export async function signOut(everywhere = false): Promise<void> {
  await (everywhere ? logoutEverywhere() : logout())
  Object.assign(session, { state: 'signed-out', user: undefined })
}
