/**
 * The embedded replay on one instance at a time (several instances on one PostgreSQL app
 * database and one catalog, no Kafka): without it every instance would replay the same series
 * into the same catalog and store each reading once per instance. The replay's lease
 * (`sensor-replay`, ../../../lease-keeper.ts) decides who replays; the others stand by and take
 * over when the holder dies and its lease runs out.
 *
 * The replay's one partition is assigned to the pipeline only while this instance holds the
 * lease: taking it over, the pipeline takes the catalog's offset as stored then (what the dead
 * holder committed) and the replay resumes there, so nothing it stored is replayed again; losing
 * it (this instance stalled past its TTL), the replay stops and the partition is taken away, so
 * what was read and not committed is dropped — the new holder reads it from the catalog. A commit
 * already under way when the lease was lost is refused by the offsets' compare-and-set.
 * On stop the lease is kept until the pipeline's last commit (`close`), then released. The
 * replay's progress, whoever replays, is the catalog's offset (`produced`), so a standing-by
 * instance does not take the replay for silent.
 */
import { committedOffsets, type Catalog } from '../../../../catalog/index.ts'
import type { KeptLease, LeasedWork } from '../../../lease-keeper.ts'
import type { SensorSource, SourceSink } from '../sensor-source.ts'
import type { ReplaySource } from './replay-source.ts'

export const REPLAY_JOB = 'sensor-replay'

/** Runs `work` whenever this instance holds the replay's lease (keepLease over the app database). */
export type KeepReplayLease = (work: LeasedWork) => KeptLease

export interface LeasedReplay extends ReplaySource {
  /** Whether this instance replays now. */
  readonly holding: boolean
  /** The instance replaying, when another one does (as of the last try). */
  readonly heldBy: string | undefined
}

const PARTITION = 0

/** `catalog`: where the holder commits the replay's offsets, which every instance reads as the replay's progress (`produced`). */
export function leasedReplay(replay: ReplaySource, keep: KeepReplayLease, catalog: Catalog): LeasedReplay {
  let kept: KeptLease | undefined
  let stopped = false

  const tenure = (sink: SourceSink): LeasedWork => async (lease, stopping) => {
    if (stopped) return
    await sink.assign([PARTITION])
    await replay.start(sink)
    await whenEither(lease.signal, stopping)
    await replay.stop()
    // Lost: what this instance read and did not commit is the new holder's to read.
    if (lease.signal.aborted) await sink.assign([])
  }

  const source: SensorSource = {
    position: replay.position,
    parser: replay.parser,
    start: async (sink) => {
      // Nothing is assigned until the lease is held: the pipeline holds no offset of the replay.
      await sink.assign([])
      kept = keep(tenure(sink))
    },
    rewind: (partition, offset) => replay.rewind(partition, offset),
    // Whoever replays: the catalog's next offset, so a standing-by instance sees the replay go on (no 'silent topic').
    produced: async () => Number((await committedOffsets(catalog, replay.position.consumer, replay.position.topic)).get(PARTITION) ?? 0),
    // Stops replaying; the lease stays until the pipeline committed what it holds (close).
    stop: async () => {
      stopped = true
      await replay.stop()
    },
    close: async () => {
      stopped = true
      await kept?.stop()
    },
  }
  return {
    ...source,
    get emitted() {
      return replay.emitted
    },
    get holding() {
      return kept?.holding ?? false
    },
    get heldBy() {
      return kept?.heldBy
    },
  }
}

function whenEither(a: AbortSignal, b: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (a.aborted || b.aborted) return resolve()
    const done = (): void => {
      a.removeEventListener('abort', done)
      b.removeEventListener('abort', done)
      resolve()
    }
    a.addEventListener('abort', done, { once: true })
    b.addEventListener('abort', done, { once: true })
  })
}
