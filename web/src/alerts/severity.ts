/**
 * How a severity and a state look (shared/UI.md): saturated colour only for what needs attention,
 * always with an icon and the word, so colour-blind readers and grey print read it too. A
 * resolved alert is calm grey whatever its severity; a pending one is outlined, not filled.
 */
import type { Severity } from '../../../alerts/index.ts'
import type { AlertState } from './alert-types.ts'

export interface SeverityLook {
  icon: string
  word: string
  /** Text and border colour, AA contrast on white. */
  colour: string
  /** A pale fill behind the badge. */
  fill: string
}

const LOOKS: Record<Severity, SeverityLook> = {
  critical: { icon: '✖', word: 'critical', colour: '#b3261e', fill: '#fde8e6' },
  warning: { icon: '▲', word: 'warning', colour: '#7a4f00', fill: '#fff1cc' },
  info: { icon: 'ℹ', word: 'info', colour: '#1f5fa8', fill: '#e5effa' },
}

const CALM: SeverityLook = { icon: '✓', word: 'resolved', colour: '#4a5567', fill: '#eef0f3' }

export function severityLook(severity: Severity): SeverityLook {
  return LOOKS[severity]
}

/** The badge of an alert: its severity while it needs attention, calm once resolved. */
export function alertLook(severity: Severity, state: AlertState): SeverityLook {
  if (state === 'resolved') return CALM
  const look = LOOKS[severity]
  return state === 'pending' ? { ...look, icon: '◔', word: `${look.word}, pending`, fill: 'white' } : look
}

/** Most urgent first: critical, warning, info. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 }
