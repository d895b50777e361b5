/** The progress lines of an import run: at most one every two seconds, and a summary at the end. */
import type { Statement } from '../../domain/statements/statement';

const PROGRESS_EVERY_MS = 2_000;

const n = (x: number) => x.toLocaleString('en-US');

export class ProgressLog {
  private readonly started = Date.now();
  private last = 0;
  private linesThisRun = 0;

  constructor(private readonly log?: (message: string, fields: Record<string, unknown>) => void) {}

  /** Whether a line is due (and, if so, that one is being written now). */
  due(): boolean {
    if (Date.now() - this.last < PROGRESS_EVERY_MS) return false;
    this.last = Date.now();
    return true;
  }

  validating(statement: Statement, count: number): void {
    this.log?.(`statement ${statement.id}: validating, ${n(count)} lines parsed`, { statementId: statement.id, linesValidated: count });
  }

  validated(statement: Statement, lineCount: number, format: string): void {
    this.log?.(`statement ${statement.id}: ${n(lineCount)} lines valid (${format}), importing`, { statementId: statement.id, lineCount });
  }

  /** After a batch: the lines done so far, the counters, and the rate of this run. */
  batchDone(statement: Statement, lines: number): void {
    this.linesThisRun += lines;
    this.summary(statement, false);
  }

  summary(statement: Statement, final: boolean): void {
    if (!this.log) return;
    if (!final && !this.due()) return;
    this.last = Date.now();
    const total = statement.facts?.lineCount ?? 0;
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.linesThisRun / seconds) : 0;
    const percent = total ? Math.floor((statement.linesProcessed / total) * 100) : 100;
    this.log(
      `statement ${statement.id}: ${n(statement.linesProcessed)}/${n(total)} lines (${percent}%), ${n(statement.counted)} counted, ` +
        `${n(statement.held)} held, ${n(statement.duplicates)} duplicates; matched ${n(statement.matched)}, unmatched ${n(statement.unmatched)}, ` +
        `flagged ${n(statement.flagged)}; ${n(rate)} lines/s${final ? (statement.status === 'COMPLETED' ? ' — completed' : ' — paused') : ''}`,
      {
        statementId: statement.id,
        linesProcessed: statement.linesProcessed,
        lineCount: total,
        counted: statement.counted,
        held: statement.held,
        duplicates: statement.duplicates,
        matched: statement.matched,
        unmatched: statement.unmatched,
        flagged: statement.flagged,
        linesPerSecond: rate,
      },
    );
  }
}
