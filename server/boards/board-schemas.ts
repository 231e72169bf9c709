/**
 * The boards of issue 14 as the workbench API speaks them: boards, their tiles and inputs,
 * published versions, tile data and kiosk links. One set of zod schemas validates the requests
 * and generates the OpenAPI document (/api/openapi.json), and the web app imports the inferred
 * types through server/index.ts — so server, document and UI cannot drift.
 *
 * Words: a board's **draft** is what analysts and engineers edit; each save makes a new
 * `revision` of it (a save names its `baseRevision`, 409 when someone saved since). **Publish**
 * freezes the draft, with the cell sources its tiles need, as the next `version`; managers and
 * kiosk screens only ever see versions.
 */
import { z } from '@hono/zod-openapi'
import { ALERT_SEVERITIES, alertSchema } from '../alerts/alert-schemas.ts'

/** The grid is 12 columns wide (the usual dashboard grid); rows are as many as the tiles need. */
export const GRID_COLUMNS = 12
export const MAX_GRID_ROWS = 200
export const MAX_TILES = 60
export const MAX_BOARD_INPUTS = 10
/** At least this many seconds between a tile's refreshes: a TV should not hammer the server. */
export const MIN_REFRESH_SECONDS = 5
export const MAX_REFRESH_SECONDS = 86_400
export const MAX_KIOSK_BOARDS = 20

const name = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lowercase name: letters, digits and _, not starting with a digit')
  .openapi({ description: 'A board input’s name; a cell input of the same name (or one bound to it by the tile’s `bind`) takes its value.', example: 'period' })

export const boardIdParam = z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 1, description: 'The board’s id.' })
const tileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a tile id: lowercase letters, digits and -')
export const tileIdParam = tileId.openapi({ param: { name: 'tile', in: 'path' }, example: 'oee', description: 'A tile’s id on its board.' })
export const boardVersionParam = z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 1, description: 'A published version of the board.' })

// ---------------------------------------------------------------- inputs

/** Presets a time-range input offers; each is resolved on the server in the plant's time zone. */
export const TIME_PRESETS = ['this-shift', 'last-shift', 'today', 'yesterday', 'last-24-hours', 'last-7-days', 'last-30-days'] as const
export const timePresetSchema = z.enum(TIME_PRESETS).openapi({ description: 'Shifts are 06–14, 14–22 and 22–06 plant-local; days are plant-local days; `last-7-days` is today and the six days before.' })

const inputLabel = z.string().max(80).optional()

export const timeRangeInputSchema = z
  .strictObject({
    kind: z.literal('time-range'),
    name,
    label: inputLabel,
    presets: z.array(timePresetSchema).min(1).optional().openapi({ description: 'The presets shown, in order; default: all.' }),
    default: timePresetSchema,
  })
  .openapi('BoardTimeRangeInput', { description: 'A time range. A date-range cell input gets the plant-local days `[from, to]`; a date input gets the first day.' })

export const machineInputSchema = z
  .strictObject({ kind: z.literal('machine'), name, label: inputLabel, default: z.string().min(1).max(100).optional() })
  .openapi('BoardMachineInput', { description: 'One machine (its `machine_id`), or all machines when unset.' })

export const lineInputSchema = z
  .strictObject({ kind: z.literal('line'), name, label: inputLabel, default: z.string().min(1).max(100).optional() })
  .openapi('BoardLineInput', { description: 'One production line, or all when unset.' })

export const boardInputSchema = z.discriminatedUnion('kind', [timeRangeInputSchema, machineInputSchema, lineInputSchema]).openapi('BoardInput')

// ---------------------------------------------------------------- tiles

export const TILE_KINDS = ['chart', 'table', 'markdown', 'stat', 'live', 'machine-status', 'alerts'] as const
/**
 * What a tile shows and which cell kind it takes: `chart` a plot cell, `table` a sql cell,
 * `markdown` a markdown cell (`markdown-<index>`), `stat` a sql cell (one number),
 * `live` a live cell (the sensor stream), `machine-status` a sql cell answering
 * `machine_id, state, since`, `alerts` no cell: the active alerts matching its `alerts` options.
 */
export const tileKindSchema = z.enum(TILE_KINDS).openapi('TileKind')

/** Traffic-light colour of a stat: which side of each threshold is good. */
export const statOptionsSchema = z
  .strictObject({
    value: z.string().min(1).max(63).openapi({ description: 'The column whose value in the LAST row is the number shown.' }),
    unit: z.string().max(20).optional().openapi({ example: '%' }),
    format: z.enum(['number', 'percent']).default('number').openapi({ description: '`percent` shows a 0–1 fraction as a percentage.' }),
    decimals: z.number().int().min(0).max(6).optional(),
    target: z.number().optional().openapi({ description: 'The goal, shown beside the number.' }),
    better: z.enum(['higher', 'lower']).default('higher'),
    thresholds: z
      .strictObject({
        green: z.number().openapi({ description: 'At or beyond this (in the `better` direction) the tile is green.' }),
        amber: z.number().openapi({ description: 'At or beyond this, amber; short of it, red.' }),
      })
      .optional(),
    sparkline: z
      .strictObject({
        x: z.string().min(1).max(63).openapi({ description: 'The sparkline’s x column (a time or day) in the cell’s rows.' }),
        y: z.string().min(1).max(63).optional().openapi({ description: 'Its y column; default: `value`.' }),
      })
      .optional()
      .openapi({ description: 'Draw the cell’s rows as a sparkline: the number is the last row, the line all rows.' }),
  })
  .openapi('StatOptions')

/** Alert tile defaults: every severity, this many alerts listed (the rest counted). */
export const ALERT_TILE_LIMIT = 20
const labelValue = z.string().min(1).max(100)

/** Which active alerts an `alerts` tile lists: all its filters must match. */
export const alertTileOptionsSchema = z
  .strictObject({
    machine: labelValue.optional().openapi({ description: 'Only alerts labelled `machine_id` = this. Without it, the board’s machine input (when set) filters the tile.' }),
    line: labelValue.optional().openapi({ description: 'Only alerts labelled `line` = this. Without it, the board’s line input (when set) filters the tile.' }),
    sensor: labelValue.optional().openapi({ description: 'Only alerts labelled `sensor_id` = this.' }),
    minSeverity: z.enum(ALERT_SEVERITIES).optional().openapi({ description: 'Only alerts at least this severe; default: `info` (all).' }),
    rule: z.number().int().min(1).optional().openapi({ description: 'Only alerts of this rule (its id).' }),
    limit: z.number().int().min(1).max(100).optional().openapi({ description: `At most this many listed, the most urgent; default ${ALERT_TILE_LIMIT}.` }),
  })
  .openapi('AlertTileOptions')

export const tileSchema = z
  .strictObject({
    id: tileId.openapi({ example: 'oee' }),
    notebook: z.number().int().min(1).optional().openapi({ description: 'The notebook whose cell the tile shows (every kind but `alerts`).' }),
    cell: z.string().min(1).max(80).optional().openapi({ description: 'The cell’s name (`markdown-<index>` for a markdown cell); every kind but `alerts`.', example: 'oee' }),
    kind: tileKindSchema,
    title: z.string().max(120).default(''),
    x: z.number().int().min(0).max(GRID_COLUMNS - 1),
    y: z.number().int().min(0).max(MAX_GRID_ROWS),
    w: z.number().int().min(1).max(GRID_COLUMNS),
    h: z.number().int().min(1).max(40),
    refreshSeconds: z.number().int().min(MIN_REFRESH_SECONDS).max(MAX_REFRESH_SECONDS).optional().openapi({ description: 'Re-run at this interval besides on catalog commits to the tables the tile reads.' }),
    bind: z.record(z.string().max(63), name).optional().openapi({ description: 'Cell input name → board input name, where they differ. Unbound cell inputs with a board input’s name take it; others keep their default.' }),
    stat: statOptionsSchema.optional().openapi({ description: 'Required for `stat` tiles; refused on others.' }),
    alerts: alertTileOptionsSchema.optional().openapi({ description: 'Required for `alerts` tiles (`{}` lists every active alert); refused on others.' }),
  })
  .refine((tile) => tile.x + tile.w <= GRID_COLUMNS, { message: `a tile must fit the ${GRID_COLUMNS}-column grid (x + w ≤ ${GRID_COLUMNS})`, path: ['w'] })
  .refine((tile) => (tile.kind === 'stat') === (tile.stat !== undefined), { message: 'a stat tile needs `stat` options, and only a stat tile takes them', path: ['stat'] })
  .refine((tile) => (tile.kind === 'alerts') === (tile.alerts !== undefined), { message: 'an alerts tile needs `alerts` options, and only an alerts tile takes them', path: ['alerts'] })
  .refine((tile) => (tile.kind === 'alerts' ? tile.notebook === undefined && tile.cell === undefined : tile.notebook !== undefined && tile.cell !== undefined), { message: 'a tile shows a notebook’s cell (`notebook` and `cell`), except an alerts tile, which reads no cell', path: ['cell'] })
  .openapi('Tile')

export const boardDefinitionSchema = z
  .strictObject({
    title: z.string().min(1).max(200),
    inputs: z.array(boardInputSchema).max(MAX_BOARD_INPUTS).default([]),
    tiles: z.array(tileSchema).max(MAX_TILES).default([]),
  })
  .refine((board) => new Set(board.tiles.map((tile) => tile.id)).size === board.tiles.length, { message: 'tile ids must be unique on a board', path: ['tiles'] })
  .refine((board) => new Set(board.inputs.map((input) => input.name)).size === board.inputs.length, { message: 'input names must be unique on a board', path: ['inputs'] })
  .openapi('BoardDefinition')

// ---------------------------------------------------------------- boards

export const newBoardSchema = boardDefinitionSchema.openapi('NewBoard')

export const saveBoardSchema = z
  .strictObject({
    title: z.string().min(1).max(200),
    inputs: z.array(boardInputSchema).max(MAX_BOARD_INPUTS),
    tiles: z.array(tileSchema).max(MAX_TILES),
    baseRevision: z.number().int().min(1).openapi({ description: 'The draft revision this was edited from; if another was saved since, the save is refused (409) naming who saved it, and nothing is written.' }),
  })
  .openapi('SaveBoard')

export const publishedInfoSchema = z
  .object({
    version: z.number().int(),
    publishedAt: z.string(),
    publishedBy: z.string(),
  })
  .openapi('BoardPublication')

export const boardSummarySchema = z
  .object({
    id: z.number().int(),
    title: z.string().openapi({ description: 'The draft’s title; for managers, the latest published version’s.' }),
    owner: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    revision: z.number().int().openapi({ description: 'The draft’s revision; a save names it as its base.' }),
    published: publishedInfoSchema.nullable().openapi({ description: 'The latest published version, or null if never published.' }),
  })
  .openapi('BoardSummary')

export const boardListSchema = z.object({ boards: z.array(boardSummarySchema) }).openapi('BoardList')

export const boardSchema = boardSummarySchema
  .extend({
    view: z.enum(['draft', 'published']).openapi({ description: '`draft`: the board being edited; `published`: a frozen version (what managers and kiosks see).' }),
    version: z.number().int().nullable().openapi({ description: 'The published version shown, or null for the draft.' }),
    inputs: z.array(boardInputSchema),
    tiles: z.array(tileSchema),
  })
  .openapi('Board')

export const boardQuery = z.object({
  version: z.coerce.number().int().min(1).optional().openapi({ description: 'A published version; without it, analysts and engineers get the draft and managers the latest published version.' }),
})

export const publishResultSchema = publishedInfoSchema.openapi('PublishedBoard')

export const boardVersionSchema = publishedInfoSchema.extend({ title: z.string(), tiles: z.number().int().openapi({ description: 'How many tiles it has.' }) }).openapi('BoardVersion')
export const boardVersionListSchema = z.object({ versions: z.array(boardVersionSchema) }).openapi('BoardVersionList')

// ---------------------------------------------------------------- tile data

export const TILE_DATA_FORMATS = ['json', 'csv', 'parquet'] as const
export const tileDataQuery = z
  .object({
    format: z.enum(TILE_DATA_FORMATS).default('json'),
    version: z.coerce.number().int().min(1).optional().openapi({ description: 'The published version whose tile runs; default: the latest. Analysts and engineers may pass `draft` instead via `?draft=true`.' }),
    draft: z.enum(['true', 'false']).optional().openapi({ description: '`true`: run the draft’s tile over the notebook’s current cells (analysts and engineers only, never cached with published runs).' }),
    asOf: z.coerce.number().int().min(1).optional().openapi({ description: 'A catalog snapshot id: the cells read the catalog as it was then.' }),
  })
  .openapi({ description: 'Besides these, each board input by its name (read from the query string as given): a time range as a preset or `FROM..TO` (dates or ISO instants), a machine or line as its id.' })

export const tileColumnSchema = z.object({ name: z.string(), type: z.string() })

export const tileQualitySchema = z
  .object({
    quarantinedRows: z.number().int().openapi({ description: 'Rows quarantined by the commits to the tables read since the board’s time range began (or in the last 24 h), up to the snapshot read — rows the tile does not show.' }),
    tables: z.array(z.object({ table: z.string(), quarantinedRows: z.number().int() })),
  })
  .openapi('TileQuality')

export const tileDataSchema = z
  .object({
    board: z.number().int(),
    version: z.number().int().nullable().openapi({ description: 'The published version run, or null for a draft run.' }),
    tile: z.string(),
    kind: tileKindSchema,
    status: z.enum(['ok', 'error']),
    error: z.object({ code: z.string(), message: z.string(), line: z.number().int().optional(), column: z.number().int().optional() }).optional(),
    columns: z.array(tileColumnSchema).optional(),
    rows: z.array(z.array(z.unknown())).optional().openapi({ description: 'As /api/query answers them: timestamps as ISO strings, big integers and decimals as strings.' }),
    rowCount: z.number().int().optional(),
    truncated: z.boolean().optional(),
    spec: z.unknown().optional().openapi({ description: 'A chart tile’s Plot spec (its rows are the spec’s `data` cell’s); a live tile’s live spec.' }),
    markdown: z.string().optional().openapi({ description: 'A markdown tile’s text with `${name}` interpolated (escaped, no markup added).' }),
    stat: statOptionsSchema.optional(),
    inputs: z.record(z.string(), z.unknown()).openapi({ description: 'The cell inputs this tile reads — those whose parameters its statement (its cell with the cells upstream composed in) binds, or a markdown tile names — with the value the board gave each (time ranges resolved), null where the board gave none and the cell’s default bound. An input not listed does not change this tile.' }),
    tables: z.array(z.string()).openapi({ description: 'The catalog tables the cell read (`schema.table`).' }),
    snapshot: z.number().int().nullable().openapi({ description: 'The catalog snapshot the run read (null: an empty catalog).' }),
    asOf: z.boolean().openapi({ description: 'True when the run read an earlier snapshot on request.' }),
    computedAt: z.string().openapi({ description: 'When the run happened (a cached result keeps its time).' }),
    sourceUpdatedAt: z.string().nullable().openapi({ description: 'The last commit to any table read: a source that stopped updating shows here.' }),
    quality: tileQualitySchema,
    cached: z.boolean().openapi({ description: 'Answered from the shared cache (another viewer’s run).' }),
  })
  .openapi('TileData')

// ---------------------------------------------------------------- alert tiles

export const tileAlertsSchema = z
  .object({
    board: z.number().int(),
    version: z.number().int().nullable().openapi({ description: 'The published version whose tile this is, or null for the draft.' }),
    tile: z.string(),
    alerts: z.array(alertSchema).openapi({ description: 'The active (pending or firing) alerts matching the tile: most severe first, firing before pending, then newest first; at most the tile’s `limit`.' }),
    total: z.number().int().openapi({ description: 'How many active alerts match, listed or not.' }),
    filter: alertTileOptionsSchema.omit({ limit: true }).openapi({ description: 'The filters applied: the tile’s own, the board’s machine and line inputs filled in.' }),
    computedAt: z.string(),
  })
  .openapi('TileAlerts')

// ---------------------------------------------------------------- catalog event

export const catalogEventSchema = z
  .object({
    snapshot: z.number().int(),
    tables: z.array(z.string()),
    committedAt: z.string(),
    operation: z.string(),
  })
  .openapi('CatalogEvent', { description: 'The data of a server-sent `catalog` event: a commit landed; tiles reading these tables should re-run.' })

// ---------------------------------------------------------------- kiosk links

export const newKioskLinkSchema = z
  .strictObject({
    name: z.string().min(1).max(100).optional().openapi({ example: 'Hall 2 TV' }),
    boards: z.array(z.number().int().min(1)).min(1).max(MAX_KIOSK_BOARDS).openapi({ description: 'Published boards shown in rotation, in this order.' }),
    expiresAt: z.iso.datetime({ offset: true }).openapi({ description: 'When the link stops working (at most a year ahead).' }),
    rotateSeconds: z.number().int().min(10).max(3600).default(60),
  })
  .openapi('NewKioskLink')

export const kioskLinkSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    boards: z.array(z.number().int()),
    rotateSeconds: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('KioskLink')

export const createdKioskLinkSchema = kioskLinkSchema
  .extend({ url: z.string().openapi({ description: 'The page to open on the TV, `/kiosk/<token>` — shown once; only its hash is stored.' }) })
  .openapi('CreatedKioskLink')

export const kioskLinkListSchema = z.object({ links: z.array(kioskLinkSchema) }).openapi('KioskLinkList')
export const kioskLinkIdParam = z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, description: 'A kiosk link’s id.' })
export const kioskTokenParam = z.string().min(1).max(128).openapi({ param: { name: 'token', in: 'path' }, description: 'The kiosk link’s token, from its url.' })

/** What a kiosk page loads: the published boards to rotate through, nothing else. */
export const kioskViewSchema = z
  .object({
    name: z.string(),
    rotateSeconds: z.number().int(),
    expiresAt: z.string(),
    boards: z.array(boardSchema),
  })
  .openapi('KioskView')

// ---------------------------------------------------------------- types

export type TimePreset = z.infer<typeof timePresetSchema>
export type BoardInput = z.infer<typeof boardInputSchema>
export type TileKind = z.infer<typeof tileKindSchema>
export type StatOptions = z.infer<typeof statOptionsSchema>
export type AlertTileOptions = z.infer<typeof alertTileOptionsSchema>
export type TileAlerts = z.infer<typeof tileAlertsSchema>
export type Tile = z.infer<typeof tileSchema>
export type BoardDefinition = z.infer<typeof boardDefinitionSchema>
export type NewBoard = z.input<typeof newBoardSchema>
export type SaveBoard = z.input<typeof saveBoardSchema>
export type BoardPublication = z.infer<typeof publishedInfoSchema>
export type BoardSummary = z.infer<typeof boardSummarySchema>
export type Board = z.infer<typeof boardSchema>
export type BoardVersion = z.infer<typeof boardVersionSchema>
export type PublishResult = z.infer<typeof publishResultSchema>
export type TileData = z.infer<typeof tileDataSchema>
export type TileQuality = z.infer<typeof tileQualitySchema>
export type CatalogEvent = z.infer<typeof catalogEventSchema>
export type NewKioskLink = z.input<typeof newKioskLinkSchema>
export type KioskLink = z.infer<typeof kioskLinkSchema>
export type CreatedKioskLink = z.infer<typeof createdKioskLinkSchema>
export type KioskView = z.infer<typeof kioskViewSchema>
