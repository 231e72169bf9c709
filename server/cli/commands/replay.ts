/** `cockpit replay <csv>`: publish a recorded series to Kafka (implementation in replay-run.ts). */
import { lazyRun, type CommandSpec } from '../command.ts'

export const replayCommand: CommandSpec = {
  name: 'replay',
  summary: 'Publish a recorded series (timestamp,value CSV) to Kafka as sensor messages.',
  usage: 'cockpit replay <csv> --brokers <host:port,…> [--topic <t>] [--speed <steps/s, 0 = all at once>] [--machines <n>] [--limit <steps>]',
  options: {
    brokers: { type: 'string', description: 'Kafka bootstrap servers (default COCKPIT_KAFKA_BROKERS).' },
    topic: { type: 'string', description: 'Topic (default COCKPIT_KAFKA_TOPIC).' },
    speed: { type: 'string', description: 'Steps a second stamped with the current time; 0 sends all with recorded times (default 1).' },
    machines: { type: 'string', description: 'Machines, one sensor each (default 4).' },
    limit: { type: 'string', description: 'Stop after this many steps.' },
  },
  positionals: { min: 1, max: 1 },
  run: lazyRun(() => import('./replay-run.ts'), (module) => module.runReplayCommand),
}
