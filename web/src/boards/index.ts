/**
 * Boards (issue 14): the routes the shell loads lazily, as one chunk of their own — the board
 * list and page, the landing board, the kiosk screen and the admin's kiosk links. The grid
 * editor (gridstack) is a further chunk, loaded only when someone edits.
 */
export { default as BoardsRoute } from './BoardsRoute.svelte'
export { default as KioskLinks } from './KioskLinks.svelte'
export { default as KioskPage } from './KioskPage.svelte'
export { default as LandingBoard } from './LandingBoard.svelte'
