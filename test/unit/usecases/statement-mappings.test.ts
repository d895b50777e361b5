/** Saved column mappings (DESIGN §9.6), on the in-memory stores: preview, save, versions, journal, and later files using them. */
import { describe, expect, it } from 'vitest';
import { statementParser } from '../../../shared/adapters/statement-parser';
import { UnprocessableError, ValidationError } from '../../../shared/errors';
import { processStatement } from '../../../shared/usecases/statements/import';
import { createMapping, getMapping, listMappings, previewFile, updateMapping } from '../../../shared/usecases/statements/mappings';
import { uploadStatement } from '../../../shared/usecases/statements/upload';
import { ctx, memoryLedger, OPEN_FUND } from '../../support/memory-ledger';

const fundId = OPEN_FUND.fundId;

/** An export the importer does not know: ACB's, say, with its own title rows and column names. */
const acb = new TextEncoder().encode(
  [
    'NGAN HANG TMCP A CHAU',
    'BANG SAO KE GIAO DICH',
    '',
    'Ngày GD;Giờ;Mã GD;Rút ra;Gửi vào;Số dư;Diễn giải;Người chuyển',
    '13/09/2024;08:40:22;ACB001;;100.000;1.100.000;Ung ho;NGUYEN VAN A',
    '13/09/2024;08:41:05;ACB002;;200.000;1.300.000;ung ho mien bac;TRAN THI B',
  ].join('\r\n'),
);

const mapping = {
  date: 'Ngày GD',
  time: 'Giờ',
  reference: 'Mã GD',
  debit: 'Rút ra',
  credit: 'Gửi vào',
  balance: 'Số dư',
  memo: 'Diễn giải',
  counterparty: 'Người chuyển',
  dateFormat: 'dd/mm/yyyy' as const,
  decimal: ',' as const,
};

describe('saved column mappings', () => {
  it('previews an unknown export’s first rows, saves a mapping of its header, and a later file with that header imports with it', async () => {
    const ledger = memoryLedger();
    const deps = { ...ledger.stores, statementFiles: ledger.statementFiles, statementParser };
    const preview = await previewFile(deps, acb);
    expect(preview.rows[3]).toEqual(['Ngày GD', 'Giờ', 'Mã GD', 'Rút ra', 'Gửi vào', 'Số dư', 'Diễn giải', 'Người chuyển']);
    expect(preview.recognised).toBeUndefined();
    const refused = await uploadStatement(deps, { fundId, fileName: 'acb.csv', contentType: 'text/csv', bytes: acb }, ctx('staff:an')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);

    const { body: saved } = await createMapping(ledger.stores, { fundId, name: 'ACB sao kê', header: preview.rows[3]!, mapping }, ctx('staff:an'));
    expect(saved).toMatchObject({ name: 'ACB sao kê', version: 1, createdBy: 'staff:an' });
    expect((await previewFile(deps, acb)).recognised).toEqual({ row: 4, format: `mapping:${saved.id}`, label: expect.stringContaining('ACB sao kê') });

    const { body } = await uploadStatement(deps, { fundId, fileName: 'acb.csv', contentType: 'text/csv', bytes: acb }, ctx('staff:an'));
    const { statement } = await processStatement(deps, body.id, { owner: 'test' });
    expect(statement).toMatchObject({ status: 'COMPLETED', counted: 2, facts: { format: `mapping:${saved.id}`, rows: 6, otherRows: { TITLE: 2, BLANK: 1, HEADER: 1 } } });
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(300_000);
  });

  it('keeps every version, journals each save in the fund’s journal, and changes only from the version a clerk saw', async () => {
    const ledger = memoryLedger();
    const header = ['Ngày GD', 'Giờ', 'Mã GD', 'Rút ra', 'Gửi vào', 'Số dư', 'Diễn giải', 'Người chuyển'];
    const { body: first } = await createMapping(ledger.stores, { fundId, name: 'ACB', header, mapping }, ctx('staff:an'));
    const { body: second } = await updateMapping(ledger.stores, first.id, { version: 1, name: 'ACB (có giờ)', mapping: { ...mapping, decimal: 'auto' } }, ctx('staff:lan'));
    expect(second).toMatchObject({ version: 2, name: 'ACB (có giờ)', updatedBy: 'staff:lan', createdBy: 'staff:an', mapping: { decimal: 'auto' } });
    await expect(updateMapping(ledger.stores, first.id, { version: 1, name: 'stale' }, ctx('staff:an'))).rejects.toBeInstanceOf(UnprocessableError);
    const got = await getMapping(ledger.stores, first.id);
    expect(got.versions.map((v) => [v.version, v.name])).toEqual([
      [1, 'ACB'],
      [2, 'ACB (có giờ)'],
    ]);
    expect((await listMappings(ledger.stores)).items.map((m) => m.version)).toEqual([2]);
    const journal = [...ledger.state.journal.get(fundId)!.values()].filter((e) => e.type === 'STATEMENT_MAPPING_SAVED');
    expect(journal.map((e) => [e.actor, e.entityRef, e.publicDetails.version, e.deltas])).toEqual([
      ['staff:an', first.id, 1, {}],
      ['staff:lan', first.id, 2, {}],
    ]);
  });

  it('refuses a mapping naming a column its header does not have, naming the field', async () => {
    const ledger = memoryLedger();
    const error = await createMapping(ledger.stores, { fundId, name: 'ACB', header: ['Ngày GD', 'Gửi vào', 'Diễn giải'], mapping }, ctx('staff:an')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).errors.map((e) => e.path).sort()).toEqual(['body.mapping.balance', 'body.mapping.counterparty', 'body.mapping.debit', 'body.mapping.reference', 'body.mapping.time']);
    expect(ledger.state.mappings.size).toBe(0);
  });
});
