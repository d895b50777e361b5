/**
 * The layout of what `npm start` keeps in `.data/`: the DynamoDB Local table, the S3 emulator's
 * objects and the stream checkpoints. A release that changes the key scheme bumps it; older data
 * is then moved aside, not read with the wrong keys, and the demo data is seeded afresh.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * 2: the journal over 8 partitions (DESIGN §4.2), statement lines in batches (§9.3), funds with versions (§12.1).
 * 3: the transfer search index (§7.1) and held names on gsi1 (§7.2), which older data lacks.
 */
export const DATA_LAYOUT = 3;

const SERVICE_DIRS = ['dynamodb', 's3', 'stream-checkpoints'];

function layoutOf(dataDir: string): number | null {
  const file = join(dataDir, 'layout.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { layout: number }).layout;
  // Data from before the layout was written down is the first layout.
  return SERVICE_DIRS.some((dir) => existsSync(join(dataDir, dir))) ? 1 : null;
}

/** Moves data of another layout to `.data/layout-<n>-<time>/` and records the current layout. */
export function ensureDataLayout(dataDir: string, log: (line: string) => void): void {
  const found = layoutOf(dataDir);
  if (found !== null && found !== DATA_LAYOUT) {
    const aside = join(dataDir, `layout-${found}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(aside, { recursive: true });
    for (const dir of SERVICE_DIRS) if (existsSync(join(dataDir, dir))) renameSync(join(dataDir, dir), join(aside, dir));
    log(`Local data of an older layout (${found}) moved to ${aside}; seeding fresh demo data (npm run reset removes it all)`);
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'layout.json'), `${JSON.stringify({ layout: DATA_LAYOUT })}\n`);
}
