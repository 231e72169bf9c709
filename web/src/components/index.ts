/** Shared components and the pure helpers beside them, used by every view. */
export { default as DataTable } from './DataTable.svelte'
export { default as EmptyState } from './EmptyState.svelte'
export { default as ErrorState } from './ErrorState.svelte'
export { default as LoadingState } from './LoadingState.svelte'
export { formatCell, isNumericType } from './cell-format.ts'
export { rowWindow } from './window-range.ts'
