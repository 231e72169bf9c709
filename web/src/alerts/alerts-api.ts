/**
 * The alerts section's calls to the server (issue 15's API). Results are values, as everywhere
 * in the web app: `{data}` or `{error}`; a 400's message names the rule field at fault.
 */
import type { RuleSpec } from '../../../alerts/index.ts'
import { json, request, type Result } from '../lib/api.ts'
import type { Alert, AlertRule, BacktestResult, Contact, CreatedContact, NewContact, NewSilence, Silence } from './alert-types.ts'

const rulePath = (id: number) => `/api/alerts/rules/${id}`
/** A 204 has no body to read. */
const noBody = async (): Promise<undefined> => undefined

export const fetchRules = (): Promise<Result<{ rules: AlertRule[] }>> => request('/api/alerts/rules')
export const fetchRule = (id: number): Promise<Result<AlertRule>> => request(rulePath(id))
export const createRule = (rule: RuleSpec): Promise<Result<AlertRule>> => request('/api/alerts/rules', json('POST', rule))
/** Saves on the version it was edited from; a 409 names who saved since, and nothing was written. */
export const saveRule = (id: number, rule: RuleSpec, baseVersion: number): Promise<Result<AlertRule>> => request(rulePath(id), json('PUT', { rule, baseVersion }))
export const deleteRule = (id: number): Promise<Result<undefined>> => request(rulePath(id), { method: 'DELETE' }, noBody)

/** Backtests the rule as written (saved or not) over [from, to). */
export const backtestRule = (rule: RuleSpec, from: string, to: string, signal?: AbortSignal): Promise<Result<BacktestResult>> =>
  request('/api/alerts/backtest', { ...json('POST', { rule, from, to }), signal })

export const fetchAlerts = (state?: string): Promise<Result<{ alerts: Alert[] }>> => request(`/api/alerts${state ? `?state=${encodeURIComponent(state)}` : ''}`)
export const ackAlert = (id: number, comment: string): Promise<Result<Alert>> => request(`/api/alerts/${id}/ack`, json('POST', { comment }))

export const fetchSilences = (): Promise<Result<{ silences: Silence[] }>> => request('/api/alerts/silences')
export const createSilence = (silence: NewSilence): Promise<Result<Silence>> => request('/api/alerts/silences', json('POST', silence))
export const deleteSilence = (id: number): Promise<Result<undefined>> => request(`/api/alerts/silences/${id}`, { method: 'DELETE' }, noBody)

export const fetchContacts = (): Promise<Result<{ contacts: Contact[] }>> => request('/api/alerts/contacts')
export const createContact = (contact: NewContact): Promise<Result<CreatedContact>> => request('/api/alerts/contacts', json('POST', contact))
export const deleteContact = (id: number): Promise<Result<undefined>> => request(`/api/alerts/contacts/${id}`, { method: 'DELETE' }, noBody)
