/** Where rule evaluation joins the sensor path (issue 15): the port and its no-op default. */
export { noRules, type RuleEvaluator, type RuleReadings } from './rule-evaluator.ts'
