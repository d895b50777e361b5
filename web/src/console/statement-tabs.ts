/**
 * The statements tab, the review queue and the saved statement layouts, loaded together: they
 * share the line views, and a clerk who imports a statement goes on to review its lines (or to map
 * a layout the importer does not know), so one chunk serves them all.
 */
export { statementsTab } from './statements';
export { unmatchedTab } from './unmatched';
export { mappingsTab } from './statement-mappings';
