/**
 * The open-data files of a nightly report (DESIGN §7, docs/OPEN-DATA.md): the IATI activity and
 * the 360Giving package of one fund, rendered from the report's own published lines and from
 * `open-data-facts.json`, which the report publishes beside them. Both are inputs anyone holds
 * after downloading the report, so the verifier re-renders the two files byte for byte, as it
 * re-renders the CSVs.
 *
 * The published lines keep only the kind of actor, which is not enough to tell which
 * organisation made a pledge. So the nightly job decides that once, from the journal itself
 * (`DonorAttribution`), and the facts list, per named organisation, the pledges it is named on.
 */
import * as z from 'zod';
import type { JournalEntityType, JournalEntry, JournalEntryType } from '../../domain/journal';
import type { PublicEntry } from '../entries';
import { OPEN_DATA_FILES } from '../manifest';
import { FlowsAccumulator, PledgeAttribution } from './flows';
import { renderGiving360Package } from './giving360';
import { renderIatiActivities } from './iati';
import { DonorOrganisationSchema, GoodsMovementSchema, OpenDataFundSchema, parseInput, PublisherSchema, type DonorOrganisation, type GoodsMovement, type OpenDataFundInput, type PublisherInput } from './model';
import type { PreparedFund } from './prepare';

export const [FACTS_FILE, IATI_FILE, GIVING360_FILE] = OPEN_DATA_FILES;
export const FACTS_FORMAT = 'sovang-open-data-facts/1';

/** An organisation that may be named, and the pledges (reference codes) it is named on. */
export const NamedDonorSchema = DonorOrganisationSchema.extend({ pledges: z.array(z.string().min(1)) });
export type NamedDonor = z.infer<typeof NamedDonorSchema>;

export const OpenDataFactsSchema = z.object({
  format: z.literal(FACTS_FORMAT),
  /** The report's cutoff: the files' generated/issued time, so that a re-run gives the same bytes. */
  generatedAt: z.iso.datetime({ offset: true }),
  fund: z.custom<OpenDataFundInput>((value) => OpenDataFundSchema.safeParse(value).success, { error: 'is not a valid open-data fund' }),
  publisher: z.custom<PublisherInput>((value) => PublisherSchema.safeParse(value).success, { error: 'is not a valid publisher' }),
  donors: z.array(NamedDonorSchema),
});
export type OpenDataFacts = z.infer<typeof OpenDataFactsSchema>;

/** The 360Giving package is absent until the fund has a grant (the schema wants one at least). */
export type OpenDataFiles = { [IATI_FILE]: string; [GIVING360_FILE]?: string };

/** A published line read as the journal entry it came from, minus what was not published. */
function asJournalEntry(line: PublicEntry): JournalEntry {
  const { v: _v, details, ...rest } = line;
  return { ...rest, type: line.type as JournalEntryType, entityType: line.entityType as JournalEntityType, publicDetails: details };
}

/** Goods in kind, from the goods entries of the journal; their descriptions are as recorded, in one language. */
function goodsMovement(line: PublicEntry): GoodsMovement | undefined {
  if (line.type !== 'GOODS_RECEIVED' && line.type !== 'GOODS_HANDED_OVER') return undefined;
  const text = (key: string) => (typeof line.details[key] === 'string' ? (line.details[key] as string).trim() : '');
  const description = text('description') || '—';
  const unit = text('unit') || '—';
  const milli = line.details.quantityMilli;
  if (typeof milli !== 'number' || milli <= 0) return undefined;
  const received = line.type === 'GOODS_RECEIVED';
  return {
    direction: received ? 'received' : 'handed-over',
    date: line.day,
    description: { vi: description, en: description },
    unit: { vi: unit, en: unit },
    quantity: milli / 1000,
    estimatedValue: (received ? line.deltas.goodsReceived : line.deltas.goodsHandedOver) ?? 0,
    ...(line.wardCode ? { ward: { code: line.wardCode, name: text('wardName') || line.wardCode } } : {}),
  };
}

/**
 * One pass over a report's lines, in journal order. `add` takes the organisation a pledge is
 * named on when the caller knows it (the nightly job, from the journal); the verifier passes
 * none and the facts' pledge lists decide, which is the same answer by construction.
 */
export class OpenDataAccumulator {
  private readonly attribution = new PledgeAttribution();
  private readonly flows: FlowsAccumulator;
  private readonly goods: GoodsMovement[] = [];
  private readonly named = new Map<string, { donor: DonorOrganisation; pledges: string[] }>();
  private closedOn?: string;

  constructor(fundId: string, known: readonly NamedDonor[] = []) {
    this.flows = new FlowsAccumulator(fundId, this.attribution);
    for (const { pledges, ...donor } of known) for (const ref of pledges) this.attribution.record(ref, donor);
  }

  add(line: PublicEntry, pledgeDonor?: DonorOrganisation): void {
    if (line.type === 'PLEDGE_MADE' && pledgeDonor) {
      this.attribution.record(line.entityRef, pledgeDonor);
      let row = this.named.get(pledgeDonor.orgId);
      if (!row) this.named.set(pledgeDonor.orgId, (row = { donor: pledgeDonor, pledges: [] }));
      row.pledges.push(line.entityRef);
    }
    if (line.type === 'FUND_CLOSED') this.closedOn = line.day;
    this.flows.add(asJournalEntry(line));
    const goods = goodsMovement(line);
    if (goods) this.goods.push(goods);
  }

  /** The organisations named on at least one pledge, with those pledges, for the facts file. */
  namedDonors(): NamedDonor[] {
    return [...this.named.values()].sort((a, b) => (a.donor.orgId < b.donor.orgId ? -1 : 1)).map(({ donor, pledges }) => ({ ...donor, pledges }));
  }

  /** The day the fund was closed, if the lines say so. */
  fundClosedOn(): string | undefined {
    return this.closedOn;
  }

  render(facts: OpenDataFacts): OpenDataFiles {
    const prepared: PreparedFund = {
      fund: parseInput(OpenDataFundSchema, facts.fund, 'fund'),
      flows: this.flows.result(),
      goods: parseInput(z.array(GoodsMovementSchema), this.goods, 'goods'),
    };
    const iati = renderIatiActivities([prepared], facts.generatedAt);
    const giving = renderGiving360Package([prepared], facts.publisher, facts.generatedAt);
    return giving === undefined ? { [IATI_FILE]: iati } : { [IATI_FILE]: iati, [GIVING360_FILE]: giving };
  }
}

/** Reads a published facts file, or says what is wrong with it. */
export function parseFacts(text: string): OpenDataFacts {
  return parseInput(OpenDataFactsSchema, JSON.parse(text), FACTS_FILE);
}
