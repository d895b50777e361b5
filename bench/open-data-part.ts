/**
 * The open-data generators in `npm run bench`: bench/open-data.ts in a child process of its own
 * (under --expose-gc, so that its live-heap figures are its own), its table kept as the section.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, progress, type Section } from './lib';

export async function benchOpenData(options: { entries: number; disbursements: number }): Promise<Section> {
  progress(`open data: ${fmt(options.entries)} entries, ${fmt(options.disbursements)} disbursements`);
  const script = fileURLToPath(new URL('./open-data.ts', import.meta.url));
  const args = ['--expose-gc', '--import', 'tsx', script, '--entries', String(options.entries), '--disbursements', String(options.disbursements)];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench/open-data.ts exited with ${code}`))));
  });
  const table = output.slice(output.indexOf('|'));
  return {
    title: 'Open data: IATI and 360Giving from one pass over a journal',
    body: `\`node --expose-gc --import tsx bench/open-data.ts --entries ${options.entries} --disbursements ${options.disbursements}\`, in a child process: a lazily generated journal read once by the generators (docs/OPEN-DATA.md), then both files rendered.\n\n${table.trim()}\n`,
  };
}
