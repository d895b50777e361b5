/** Shared bits of the benchmarks: machine facts, timing, and the dated section in RESULTS.md. */
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

export interface Section {
  title: string;
  /** Markdown body: a short explanation and a table. */
  body: string;
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** The 1, 5 and 15 minute load averages: how much else the machine was doing. */
export function load(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

const LATEST_MARK = '> **Latest full run:**';

/** GitHub's anchor for a heading. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

/**
 * Appends one dated run to RESULTS.md; earlier runs stay for comparison. `notes` go under the
 * machine line (conditions of the run). A full run also becomes the one the note at the top of
 * the file points to.
 */
export function writeResults(title: string, sections: Section[], options: { notes?: string[]; latestFullRun?: boolean } = {}): void {
  if (!existsSync(RESULTS_FILE)) {
    writeFileSync(
      RESULTS_FILE,
      '# Benchmark results\n\nEach run appends a dated section. Figures from one run are compared with each other as ratios, because the machines are noisy.\n',
    );
  }
  const heading = `${title} (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
  const text = [`\n## ${heading}`, '', `Machine: ${machine()}`, '', ...(options.notes?.length ? [...options.notes, ''] : [])]
    .concat(sections.flatMap((s) => [`### ${s.title}`, '', s.body.trim(), '']))
    .join('\n');
  appendFileSync(RESULTS_FILE, text);
  if (options.latestFullRun) {
    const lines = readFileSync(RESULTS_FILE, 'utf8').split('\n');
    const note = `${LATEST_MARK} [${heading}](#${anchor(heading)}), every figure measured in that one run (\`npm run bench\`). Older sections are kept for comparison.`;
    const at = lines.findIndex((line) => line.startsWith(LATEST_MARK));
    if (at >= 0) lines[at] = note;
    else lines.splice(lines[0]?.startsWith('# ') ? 1 : 0, 0, '', note);
    writeFileSync(RESULTS_FILE, lines.join('\n'));
  }
  progress(`results appended to ${RESULTS_FILE}`);
}

export function readResults(): string {
  return existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
}

/** CPU time this process has used, in ms (user and system). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU time used so far by this process's direct children running `command` (DynamoDB Local is
 * `java`), in ms, from /proc; undefined where there is no /proc to read.
 */
export function childCpuMs(command: string): number | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  let total = 0;
  for (const pid of names) {
    const stat = procStat(pid); // undefined: gone since the listing
    if (stat?.comm === command && stat.ppid === process.pid) total += stat.cpuMs;
  }
  return total;
}

/** CPU time a process has used so far, in ms (user and system), from /proc; undefined when it cannot be read. */
export function processCpuMs(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : procStat(String(pid))?.cpuMs;
}

function procStat(pid: string): { comm: string; ppid: number; cpuMs: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid … utime stime …": comm may hold spaces, so split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) / ticksPerMs };
}
