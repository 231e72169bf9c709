/**
 * Alerts (issue 15): the section the shell loads lazily as one chunk (alerts, rules with the
 * editor and backtests — Plot —, silences and contacts). The toasts are a separate, small chunk
 * that every page of a signed-in user loads.
 */
export { default as AlertsRoute } from './AlertsRoute.svelte'
