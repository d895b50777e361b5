/**
 * The statements tab and the review queue, loaded together: they share the line views, and a
 * clerk who imports a statement goes on to review its lines, so one chunk serves both.
 */
export { statementsTab } from './statements';
export { unmatchedTab } from './unmatched';
