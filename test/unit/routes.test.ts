/**
 * The route table: every area file's routes are deployed, each function takes its route from its
 * own area's file only (what keeps other areas' schemas out of its bundle), and the response
 * schemas describe every field of the records the routes answer with.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { PROJECT_ROOT } from '../../infra/local/twin';
import type { Disbursement } from '../../shared/domain/disbursements';
import type { JournalEntry } from '../../shared/domain/journal';
import type { Organisation } from '../../shared/domain/organisations';
import type { Pledge } from '../../shared/domain/pledges';
import type { Receipt } from '../../shared/domain/receipts';
import type { SavedMapping } from '../../shared/domain/statements/mappings';
import type { LineRecord } from '../../shared/domain/statements/statement';
import { areas, fallbackEntry, routes, type RouteDef } from '../../shared/routes';
import type * as ledgerSchemas from '../../shared/schemas/ledger';
import type * as mappingSchemas from '../../shared/schemas/mappings';
import type * as organisationSchemas from '../../shared/schemas/organisations';
import type * as pledgeSchemas from '../../shared/schemas/pledges';
import type * as reconciliationSchemas from '../../shared/schemas/reconciliation';

const AREA_FILES = readdirSync(join(PROJECT_ROOT, 'shared', 'routes')).filter((file) => file !== 'index.ts' && file !== 'route.ts');

const isRoute = (value: unknown): value is RouteDef => Boolean(value && typeof value === 'object' && 'entry' in value && 'schemas' in value);

function functionFiles(dir = join(PROJECT_ROOT, 'functions')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? functionFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe('the route table', () => {
  it('deploys every route an area file declares, under that area, once', async () => {
    for (const file of AREA_FILES) {
      const module = (await import(`../../shared/routes/${file}`)) as Record<string, unknown>;
      const declared = Object.values(module).filter(isRoute);
      const area = areas.find((candidate) => candidate.tag.name === declared[0]?.tag);
      expect(area, file).toBeDefined();
      expect(new Set(area!.routes), file).toEqual(new Set(declared));
    }
    expect(new Set(routes.map((route) => route.id)).size).toBe(routes.length);
    expect(new Set(routes.map((route) => `${route.method} ${route.path}`)).size).toBe(routes.length);
    for (const route of routes) expect(existsSync(join(PROJECT_ROOT, route.entry)), route.entry).toBe(true);
  });

  it('has each handler import its route from its own area file, and never the whole table', async () => {
    const areaOf = new Map<string, string>();
    for (const file of AREA_FILES) {
      const module = (await import(`../../shared/routes/${file}`)) as Record<string, unknown>;
      for (const route of Object.values(module).filter(isRoute)) areaOf.set(route.entry, file.replace(/\.ts$/, ''));
    }
    const wrong: string[] = [];
    for (const file of functionFiles()) {
      const entry = file.slice(PROJECT_ROOT.length).replace(/^\//, '');
      const source = readFileSync(file, 'utf8');
      const imported = [...source.matchAll(/from '(?:\.\.\/)+shared\/routes(?:\/(\w+))?'/g)]
        .map((match) => match[1] ?? 'index')
        // route.ts holds the types every area shares, and no schema.
        .filter((area) => area !== 'route');
      if (entry === fallbackEntry) continue; // It matches paths against the whole table, and carries no schema it does not need.
      const own = areaOf.get(entry);
      if (imported.some((area) => area !== own)) wrong.push(`${entry} imports shared/routes/${imported.join(', ')}; its route is in ${own ?? 'no area'}`);
    }
    for (const file of readdirSync(join(PROJECT_ROOT, 'shared', 'http'))) {
      if (/from '\.\.\/routes'/.test(readFileSync(join(PROJECT_ROOT, 'shared', 'http', file), 'utf8'))) wrong.push(`shared/http/${file} imports the whole route table`);
    }
    expect(wrong).toEqual([]);
  });

  it('describes every field of the records the ledger answers with (checked by the type checker)', () => {
    // A field added to one of these records, and not to its response schema, fails `npm run typecheck` here.
    expectTypeOf<z.output<typeof ledgerSchemas.Receipt>>().toEqualTypeOf<Receipt>();
    expectTypeOf<z.output<typeof ledgerSchemas.Disbursement>>().toEqualTypeOf<Disbursement>();
    expectTypeOf<z.output<typeof ledgerSchemas.JournalEntry>>().toEqualTypeOf<JournalEntry>();
    expectTypeOf<z.output<typeof pledgeSchemas.Pledge>>().toEqualTypeOf<Pledge>();
    expectTypeOf<z.output<typeof organisationSchemas.Organisation>>().toEqualTypeOf<Organisation>();
    expectTypeOf<z.output<typeof mappingSchemas.StatementMapping>>().toEqualTypeOf<SavedMapping>();
    // A line as the API shows it: every field of the record, the references it names resolved (time is the record's clock).
    expectTypeOf<Exclude<keyof LineRecord, 'duplicateOf' | 'candidate' | 'clock'>>().toExtend<keyof z.output<typeof reconciliationSchemas.StatementLineView>>();
  });
});
