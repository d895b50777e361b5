/**
 * Saved column mappings (DESIGN §9.6): a clerk maps a bank's export the importer does not know,
 * once, from a preview of its first rows; detection tries the saved mappings before the built-in
 * layouts, so a later file with the same header uses it. Each save is a version, kept, and
 * journaled in the fund's journal (no money moves).
 */
import type { z } from 'zod';
import { newId } from '../../domain/ids';
import { vietnamDay, type JournalEntry } from '../../domain/journal';
import { customFormat, detectFormat, isResolved, resolveFormat, type ColumnMappingInput } from '../../domain/statements/formats';
import type { MappingVersion, SavedMapping } from '../../domain/statements/mappings';
import { NotFoundError, UnprocessableError } from '../../errors';
import { executeCommand, type CommandContext, type CommandDeps } from '../command';
import type { ObjectStores, Stores } from '../ports';
import type { StatementPreview as PreviewSchema } from '../../schemas/mappings';
import { savedFormats } from './validation';

export type MappingDeps = CommandDeps & Pick<Stores, 'funds' | 'statementMappings'>;
export type StatementPreview = z.infer<typeof PreviewSchema>;

export interface MappingInput {
  fundId: string;
  name: string;
  header: string[];
  mapping: ColumnMappingInput;
}

/** The mapping must read the header it was made from: every column it names is there. */
function checked(input: Pick<MappingInput, 'name' | 'header' | 'mapping'>) {
  const format = customFormat('new', input.mapping, input.name);
  const resolved = resolveFormat(format, input.header);
  if (!isResolved(resolved)) {
    throw new UnprocessableError(
      'The mapping names columns the header does not have',
      (Object.entries(format.mapping) as [string, unknown][])
        .filter(([, column]) => typeof column === 'string' && resolved.missing.includes(column))
        .map(([field, column]) => ({ path: `body.mapping.${field}`, message: `the header has no column "${String(column)}"` })),
    );
  }
  return format.mapping;
}

function savedEntry(mapping: SavedMapping, actor: string, at: string): JournalEntry {
  return {
    entryId: newId(Date.parse(at)),
    fundId: mapping.fundId,
    type: 'STATEMENT_MAPPING_SAVED',
    at,
    day: vietnamDay(at),
    actor,
    entityRef: mapping.id,
    entityType: 'statement-mapping',
    deltas: {},
    publicDetails: { mappingId: mapping.id, name: mapping.name, version: mapping.version },
  };
}

const versionOf = (mapping: SavedMapping): MappingVersion => ({ ...mapping });

export async function createMapping(deps: MappingDeps, input: MappingInput, context: CommandContext) {
  return executeCommand<SavedMapping>(deps, 'CreateStatementMapping', input, context, async (now) => {
    if (!(await deps.funds.get(input.fundId))) throw new UnprocessableError(`Unknown fund ${input.fundId}`, [{ path: 'body.fundId', message: `unknown fund ${input.fundId}` }]);
    const at = now.toISOString();
    const mapping: SavedMapping = {
      id: newId(now.getTime()),
      fundId: input.fundId,
      name: input.name,
      header: input.header,
      mapping: checked(input),
      version: 1,
      createdBy: context.actor,
      createdAt: at,
      updatedBy: context.actor,
      updatedAt: at,
    };
    return {
      ops: [
        { op: 'create', aggregate: { type: 'statementMapping', value: mapping } },
        { op: 'create', aggregate: { type: 'statementMappingVersion', value: versionOf(mapping) } },
        { op: 'journal', entry: savedEntry(mapping, context.actor, at) },
      ],
      response: { status: 201, body: mapping },
    };
  });
}

/** A new version of a mapping, only from the version the clerk saw (409 otherwise). */
export async function updateMapping(deps: MappingDeps, id: string, input: Partial<Omit<MappingInput, 'fundId'>> & { version: number }, context: CommandContext) {
  return executeCommand<SavedMapping>(deps, 'UpdateStatementMapping', { id, input }, context, async (now) => {
    const current = await deps.statementMappings.get(id);
    if (!current) throw new NotFoundError(`No statement mapping ${id}`);
    if (current.version !== input.version) {
      throw new UnprocessableError(`The mapping is at version ${current.version}, not ${input.version}: reload it`, [{ path: 'body.version', message: `the mapping is at version ${current.version}` }]);
    }
    const at = now.toISOString();
    const name = input.name ?? current.name;
    const header = input.header ?? current.header;
    const next: SavedMapping = {
      ...current,
      name,
      header,
      mapping: checked({ name, header, mapping: input.mapping ?? current.mapping }),
      version: current.version + 1,
      updatedBy: context.actor,
      updatedAt: at,
    };
    return {
      ops: [
        { op: 'update', aggregate: { type: 'statementMapping', value: next }, expectedVersion: current.version },
        { op: 'create', aggregate: { type: 'statementMappingVersion', value: versionOf(next) } },
        { op: 'journal', entry: savedEntry(next, context.actor, at) },
      ],
      response: { status: 200, body: next },
    };
  });
}

export async function getMapping(deps: Pick<Stores, 'statementMappings'>, id: string) {
  const mapping = await deps.statementMappings.get(id);
  if (!mapping) throw new NotFoundError(`No statement mapping ${id}`);
  return { ...mapping, versions: await deps.statementMappings.versions(id) };
}

export async function listMappings(deps: Pick<Stores, 'statementMappings'>) {
  return { items: await deps.statementMappings.list() };
}

export const PREVIEW_ROWS = 20;

/** The first rows of a file, and the header row and layout the importer recognises in them, if any. */
export async function previewFile(deps: Pick<Stores, 'statementMappings'> & Pick<ObjectStores, 'statementParser'>, bytes: Uint8Array): Promise<StatementPreview> {
  const [rows, formats] = await Promise.all([deps.statementParser.preview(bytes, PREVIEW_ROWS), savedFormats(deps.statementMappings)]);
  const cells = rows.map((row) => row.map((cell) => String(cell ?? '')));
  for (const [index, row] of cells.entries()) {
    const found = detectFormat(row, formats);
    if ('resolved' in found) return { rows: cells, recognised: { row: index + 1, format: found.resolved.format.id, label: found.resolved.format.label } };
  }
  return { rows: cells };
}
