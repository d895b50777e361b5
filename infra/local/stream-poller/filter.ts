/** Lambda's event filtering, applied to stream records before they are batched. */

export type FilterPattern = { [key: string]: FilterPattern | readonly unknown[] };

function matchesValue(rule: unknown, value: unknown): boolean {
  if (rule === null || typeof rule !== 'object') return value === rule;
  const [operator, operand] = Object.entries(rule as Record<string, unknown>)[0] ?? [];
  switch (operator) {
    case 'exists':
      return operand ? value !== undefined : value === undefined;
    case 'prefix':
      return typeof value === 'string' && value.startsWith(String(operand));
    case 'anything-but':
      return value !== undefined && !(Array.isArray(operand) ? operand : [operand]).includes(value);
    default:
      throw new Error(`The local event source does not know the filter operator "${operator}"`);
  }
}

/** Lambda's filter rule syntax, as far as the twin's consumers use it: values, exists, prefix, anything-but. */
export function matchesFilter(pattern: FilterPattern, record: unknown): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    const value = (record as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(rule)) {
      const values = Array.isArray(value) ? value : [value];
      if (!rule.some((r) => values.some((v) => matchesValue(r, v)))) return false;
    } else if (!matchesFilter(rule as FilterPattern, value)) {
      return false;
    }
  }
  return true;
}
