/**
 * The catalog browser's TypeScript surface for other features (the notebook editor's completion
 * and side panel). Its Svelte components (CatalogTree, TableDetail) are imported by path, so
 * that unit tests of the code here run without the Svelte compiler.
 */
export { catalogSchema, forgetCatalogSchema } from './catalog-schema.ts'
export type { Column, TableSchema } from './catalog-types.ts'
export { INSERT_EVENT, requestInsert, sqlIdentifier, type InsertDetail } from './insert-event.ts'
