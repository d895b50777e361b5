/**
 * What the twin's report commands share (`npm run report`, `npm run retire-report-key`): their
 * options, the running twin's saved state, and how they exit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, TWIN_STATE_FILE, type TwinState } from './twin';

/** The value after `--name`; a flag given without one is an error, not a silent default. */
export function commandOption(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

/** The state `npm start` writes (its endpoints, table, clock), if a twin has run here. */
export function savedTwinState(): TwinState | undefined {
  const file = join(PROJECT_ROOT, '.data', TWIN_STATE_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TwinState) : undefined;
}

/** Runs a command's `main` and exits with its code; an error it did not expect exits 2. */
export function runCommand(main: (args: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(2);
    },
  );
}
