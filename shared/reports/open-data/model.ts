/**
 * What the open-data generators need, independent of how it is stored: a fund's public facts,
 * its journal (DESIGN §4) as a stream, the organisation donors that may be named, and the goods
 * received and handed over in kind. The stores build this; the generators only read it.
 *
 * The schemas check the fund's facts once per document (they are few); journal entries are
 * checked one by one as they stream past (`flows.ts`), never collected.
 */
import * as z from 'zod';
import type { JournalEntry } from '../../domain/journal';
import { ValidationError, type FieldError } from '../../errors';
import { isThousandths } from './quantity';

const IsoDay = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
const IsoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with offset' });
const Text = z.string().trim().min(1, { error: 'must not be empty' }).max(1000, { error: 'must be at most 1000 characters' });
const Bilingual = z.object({ vi: Text, en: Text });
const Vnd = z.number().int({ error: 'must be a whole number of đồng' }).min(0).max(Number.MAX_SAFE_INTEGER);
/** A ward or commune code of the 2025 list (`shared/data/vn-admin-units-2025.csv`): five digits. */
export const UnitCode = z.string().regex(/^\d{5}$/, { error: 'must be a five-digit administrative unit code' });

/**
 * An organisation identifier as IATI and 360Giving expect it: `{list code}-{identifier}`, where the
 * list code comes from org-id.guide (IATI's OrganisationRegistrationAgency codelist), e.g.
 * `XI-IATI-…` for an identifier issued by the IATI Secretariat. See docs/OPEN-DATA.md.
 */
export const OrgIdentifier = z
  .string()
  .regex(/^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9._-]+$/, { error: 'must be an organisation identifier such as XI-IATI-MTTQHCM' });

/** A 360Giving publisher prefix (`360G-` + the name 360Giving registered for the publisher). */
export const Giving360Prefix = z.string().regex(/^360G-[A-Za-z0-9_-]+$/, { error: 'must be a 360Giving prefix such as 360G-sovang' });

/** IATI OrganisationType codelist (see iati-codes.ts for the codes we use and why). */
const OrganisationTypeCode = z.enum(['10', '11', '15', '21', '22', '23', '24', '30', '40', '60', '70', '71', '72', '73', '80', '90']);

export const FUND_STATUSES = ['draft', 'open', 'receiving-closed', 'closed'] as const;
export type FundStatus = (typeof FUND_STATUSES)[number];

export const OpenDataFundSchema = z
  .object({
    fundId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: 'must be a fund slug such as cuba-2025' }),
    /** The fund's own code in the committee's books; published as IATI other-identifier A1. */
    code: z.string().regex(/^[A-Za-z0-9._/-]{1,64}$/, { error: 'must be 1 to 64 letters, digits or . _ / -' }),
    name: Bilingual,
    purpose: Bilingual.optional(),
    status: z.enum(FUND_STATUSES),
    currency: z.literal('VND'),
    target: Vnd.positive().optional(),
    receivingWindow: z.object({ from: IsoDay, to: IsoDay.optional() }).optional(),
    distributionDeadline: IsoDay.optional(),
    /** The day the fund was closed; without it a closed fund ends on its last money event. */
    closedOn: IsoDay.optional(),
    /**
     * The reporting organisation: the committee that raises and hands out the fund. Its unit
     * code (province 2 digits, commune 5) is carried for the stores' sake; neither standard has
     * a field that needs it yet.
     */
    committee: z.object({ id: z.string().min(1), name: Bilingual, unitCode: z.string().regex(/^\d{2}(\d{3})?$/).optional() }),
    /** The committee's IATI organisation identifier: the prefix of every iati-identifier it publishes. */
    publisherOrgRef: OrgIdentifier,
    /** When the fund's published facts last changed (UTC, ISO 8601). */
    lastUpdated: IsoInstant,
    /** ISO 3166-1 alpha-2 of the country that benefits: VN, or CU for the Cuba support fund. */
    recipientCountry: z.string().regex(/^[A-Z]{2}$/).default('VN'),
    /** An OECD DAC 5-digit purpose code, e.g. 16010 social protection, 72010 material relief. */
    sectorCode: z.string().regex(/^\d{5}$/).optional(),
    humanitarian: z.boolean().optional(),
  })
  .check((ctx) => {
    const { receivingWindow, distributionDeadline, closedOn } = ctx.value;
    const issue = (path: string[], message: string) => ctx.issues.push({ code: 'custom', input: ctx.value, path, message });
    if (receivingWindow?.to && receivingWindow.to < receivingWindow.from) issue(['receivingWindow', 'to'], 'must not be before receivingWindow.from');
    if (receivingWindow && distributionDeadline && distributionDeadline < receivingWindow.from) {
      issue(['distributionDeadline'], 'must not be before receivingWindow.from');
    }
    if (closedOn && ctx.value.status !== 'closed') issue(['closedOn'], 'only a closed fund has a closing day');
  });

export type OpenDataFund = z.infer<typeof OpenDataFundSchema>;
export type OpenDataFundInput = z.input<typeof OpenDataFundSchema>;

/**
 * An organisation that pledged to the fund. Only one with `consentToBeNamed` is ever named, and
 * only for pledges that themselves allowed the name (`publishName`): see flows.ts for how a
 * journal entry is attributed to it.
 */
export const DonorOrganisationSchema = z.object({
  orgId: z.string().min(1),
  /** The name exactly as its pledges carry it (`publicDetails.donor`). */
  name: Text,
  /** The name to publish, in both languages; defaults to `name`. */
  displayName: Bilingual.optional(),
  iatiRef: OrgIdentifier.optional(),
  iatiType: OrganisationTypeCode.optional(),
  consentToBeNamed: z.boolean(),
});
export type DonorOrganisation = z.infer<typeof DonorOrganisationSchema>;

/** Goods given in kind and handed on: counted in units, valued only as an estimate. */
export const GoodsMovementSchema = z
  .object({
    direction: z.enum(['received', 'handed-over']),
    date: IsoDay,
    description: Bilingual,
    unit: Bilingual,
    /** Up to three decimals (12.5 kg); summed in thousandths so that totals are exact. */
    quantity: z
      .number()
      .positive()
      .max(1e12)
      .refine(isThousandths, { error: 'must have at most three decimals' }),
    estimatedValue: Vnd,
    /** The ward or commune the goods were handed to (required for `handed-over`). */
    ward: z.object({ code: UnitCode, name: Text }).optional(),
  })
  .check((ctx) => {
    if (ctx.value.direction === 'handed-over' && !ctx.value.ward) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['ward'], message: 'is required for goods handed over' });
    }
  });
export type GoodsMovement = z.infer<typeof GoodsMovementSchema>;

/** A fund's journal in journal order; an async source lets 2 M entries stream from the store. */
export type JournalSource = Iterable<JournalEntry> | AsyncIterable<JournalEntry>;

export interface FundHistory {
  fund: OpenDataFundInput;
  entries: JournalSource;
  donors?: readonly DonorOrganisation[];
  goods?: readonly GoodsMovement[];
}

/** Identifiers that belong to the publisher, not to one fund. */
export const PublisherSchema = z.object({
  /** The 360Giving publisher prefix; grant ids are `<prefix>-<fundId>-<GN ref>`. */
  giving360Prefix: Giving360Prefix,
  /**
   * How a ward or commune is identified as an organisation in 360Giving: `<prefix>-<unit code>`.
   * No org-id.guide list covers Vietnamese administrative units that we know of, so the default
   * is the publisher's own namespace, as 360Giving advises for unregistered recipients.
   */
  unitOrgIdPrefix: z.string().regex(/^[A-Za-z0-9-]+$/).optional(),
  /** The licence of the published data (a URI), e.g. CC BY 4.0. */
  license: z.url().optional(),
});
export type PublisherInput = z.input<typeof PublisherSchema>;
export type Publisher = z.infer<typeof PublisherSchema> & { unitOrgIdPrefix: string };

function fieldErrors(issues: readonly z.core.$ZodIssue[], root: string): FieldError[] {
  return issues.map((issue) => ({ path: [root, ...issue.path.map(String)].join('.'), message: issue.message }));
}

/** Parses one part of the input, or throws a ValidationError whose paths name the field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, root: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error.issues, root);
  throw new ValidationError(`Open-data input is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
}

export function parsePublisher(value: PublisherInput): Publisher {
  const publisher = parseInput(PublisherSchema, value, 'publisher');
  return { ...publisher, unitOrgIdPrefix: publisher.unitOrgIdPrefix ?? `${publisher.giving360Prefix}-adm` };
}
