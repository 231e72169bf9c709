/**
 * The pipeline rules over the sensor stream's own summary (issue 15): a sensor topic went silent,
 * and the consumer lag is above a bound. Neither is in the catalog — the rate and the lag live in
 * the running stream — so, like `job-failed`, their `sql` describes the check and is not run; their
 * rows come from `sensorRows`. Tuned by severity, schedule, pending period (`for`) and enabling;
 * the bounds are constants here.
 *
 * Both run on one instance at a time (the SQL rules' lease), which may own some of the topic's
 * partitions or none: the silence is judged on the whole topic — readings read here prove it
 * alive, and otherwise it is silent only when nothing was produced to any partition (Kafka's
 * high watermarks), so an instance whose partitions another instance reads raises no silence
 * that is not there. The lag counts every partition, whoever owns it, already.
 */
import type { PipelineRule } from './pipeline-rules.ts'

/** 100,000 messages is ten seconds of a 10,000 readings/s plant: a consumer that far behind is not keeping up. */
export const SENSOR_LAG_BOUND = 100_000

export const SENSOR_PIPELINE_RULES: readonly PipelineRule[] = [
  {
    id: 'sensor-topic-silent',
    spec: {
      name: 'A sensor topic went silent',
      kind: 'sql',
      severity: 'critical',
      every: '1m',
      // The rate is over the last minute; two more minutes of it rule out a producer restart.
      for: '2m',
      labels: ['topic'],
      sql: "-- built-in, over the sensor stream's summary: the topic while no reading arrived in the last minute\nselect topic, readings_per_second from sensor_stream where readings_per_second = 0",
    },
    sensorRows: async (sensors) => {
      const { readingsPerSecond, topicMessagesPerSecond } = await sensors.summary()
      // No topic rate (the embedded replay, which this instance reads whole; or Kafka not answering): this instance's readings decide.
      return readingsPerSecond === 0 && (topicMessagesPerSecond ?? 0) === 0 ? [{ topic: sensors.topic, readings_per_second: 0 }] : []
    },
  },
  {
    id: 'sensor-lag-high',
    spec: {
      name: 'Sensor consumer lag above a bound',
      kind: 'sql',
      severity: 'warning',
      every: '1m',
      // A burst (a producer catching up) drains within minutes; a lag that stays is a consumer falling behind.
      for: '5m',
      labels: ['topic'],
      sql: `-- built-in, over the sensor stream's summary: the topic while its messages not yet committed to the catalog exceed ${SENSOR_LAG_BOUND.toLocaleString('en')}\nselect topic, consumer_lag from sensor_stream where consumer_lag > ${SENSOR_LAG_BOUND}`,
    },
    sensorRows: async (sensors) => {
      const { consumerLag } = await sensors.summary()
      // null: no Kafka, or the broker did not answer — no figure to judge, and the silence rule covers a dead feed.
      return consumerLag !== null && consumerLag > SENSOR_LAG_BOUND ? [{ topic: sensors.topic, consumer_lag: consumerLag }] : []
    },
  },
]
