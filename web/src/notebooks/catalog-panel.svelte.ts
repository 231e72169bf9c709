/**
 * Whether the notebook editor shows the catalog beside it: one state the toolbar's toggle and
 * the workspace share, remembered in this browser so the panel stays open from one notebook to
 * the next.
 */
const KEY = 'cockpit.catalogPanel'

export const catalogPanel = $state({ open: readOpen() })

export function setCatalogPanel(open: boolean): void {
  catalogPanel.open = open
  try {
    localStorage.setItem(KEY, open ? 'open' : 'closed')
  } catch (error) {
    // Storage refused (private mode, quota): the panel still toggles, it just is not remembered.
    if (!(error instanceof DOMException)) throw error
  }
}

function readOpen(): boolean {
  try {
    return localStorage.getItem(KEY) === 'open'
  } catch (error) {
    if (error instanceof DOMException) return false
    throw error
  }
}

/** The panel's element id, for the toggle's aria-controls; the toggle's, for Escape to return to it. */
export const CATALOG_PANEL_ID = 'notebook-catalog-panel'
export const CATALOG_TOGGLE_ID = 'notebook-catalog-toggle'
