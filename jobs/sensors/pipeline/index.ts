/**
 * The one path of sensor readings (./sensor-pipeline.ts), plant mode's composition of it
 * (./sensor-consumer.ts), and the rates of its counters for health (./counter-rate.ts).
 */
export { CounterRate, type CounterRateOptions } from './counter-rate.ts'
export { startSensorConsumer, type SensorConsumer, type SensorConsumerOptions } from './sensor-consumer.ts'
export { startSensorPipeline, type SensorPipeline, type SensorPipelineOptions, type SensorPipelineStats } from './sensor-pipeline.ts'
