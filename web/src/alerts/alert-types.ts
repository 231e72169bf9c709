/**
 * The alerts API's types, from the server's own zod schemas (server/alerts/alert-schemas.ts via
 * server/index.ts), so the page and the server cannot drift. One home for the imports the
 * feature's files share.
 */
export type { Alert, AlertEvent, AlertRule, AlertState, ApiFiring, BacktestResult, BacktestSeries, Contact, CreatedContact, FiringSpan, FiringSpanList, LabelMatcher, NewContact, NewSilence, Silence } from '../../../server/index.ts'
