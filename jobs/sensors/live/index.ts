/**
 * The live side: the hub that SSE clients subscribe to (./live-hub.ts), and the compacted topic
 * through which instances of one group share their live windows (./window-feed.ts).
 */
export { LiveHub, type LiveEvent, type LiveFilter, type LiveHubOptions, type LiveSensor, type LocalTickListener, type Subscriber } from './live-hub.ts'
export { startWindowFeed, type WindowFeed, type WindowFeedOptions, type WindowFeedStats } from './window-feed.ts'
export { decodeWindowMessage, encodeWindowMessage } from './window-message.ts'
