/**
 * How a backtest's firings fare against labelled anomaly windows (NAB's ground truth): which
 * windows a firing started in and how early, how many firings started outside every window and
 * at what rate per week, and the NAB score of the firing starts taken as detections.
 */
import type { Firing } from './backtest.ts'
import { detectionIndices, NAB_PROFILES, nabScore, type CostProfile, type NabScore, type NabSeries } from './nab-score.ts'

export interface WindowCatch {
  start: number
  end: number
  /** First firing start inside the window, minus the window's start (ms); null when missed. */
  firstDetection: number | null
  firings: number
}

export interface LabelledReport {
  windows: WindowCatch[]
  caught: number
  falseAlerts: number
  /** False alerts per week of the series' time outside the windows. */
  falsePerWeek: number
  nab: NabScore
}

const WEEK_MS = 7 * 86_400_000

export function judgeFirings(series: NabSeries, firings: readonly Firing[], profile: CostProfile = NAB_PROFILES.standard): LabelledReport {
  const starts = firings.map((firing) => firing.start)
  const windows = series.windows.map((window): WindowCatch => {
    const inside = starts.filter((start) => start >= window.start && start <= window.end)
    return { start: window.start, end: window.end, firstDetection: inside.length === 0 ? null : Math.min(...inside) - window.start, firings: inside.length }
  })
  const falseAlerts = starts.filter((start) => !series.windows.some((window) => start >= window.start && start <= window.end)).length
  const first = Math.min(...series.timestamps)
  const last = Math.max(...series.timestamps)
  const labelled = series.windows.reduce((sum, window) => sum + (window.end - window.start), 0)
  const weeks = (last - first - labelled) / WEEK_MS
  return {
    windows,
    caught: windows.filter((window) => window.firstDetection !== null).length,
    falseAlerts,
    falsePerWeek: weeks > 0 ? falseAlerts / weeks : 0,
    nab: nabScore(series, detectionIndices(series.timestamps, starts), profile),
  }
}
