import { MAX_PREAMBLE_ROWS } from '../../domain/statements/row-reader';

export type Delimiter = ',' | ';' | '\t';

function countOutsideQuotes(line: string, char: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) count++;
  }
  return count;
}

/**
 * Excel in a European or Vietnamese locale saves CSV with `;`; some banks export tab-separated
 * text. The first line (of the preamble or header) that holds any of the three decides.
 */
export function guessDelimiter(text: string): Delimiter {
  for (const line of text.split(/\r?\n/).slice(0, MAX_PREAMBLE_ROWS)) {
    const counts = ([',', ';', '\t'] as const).map((d) => [d, countOutsideQuotes(line, d)] as const);
    const [best, n] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
    if (n > 0) return best;
  }
  return ',';
}
