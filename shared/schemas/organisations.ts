import * as z from 'zod';
import { COMMITTEE_ID, ROLES } from '../domain/committees';
import { API_KEY_DEFAULT_DAYS, API_KEY_MAX_DAYS, ROTATION_OVERLAP_DEFAULT_HOURS, ROTATION_OVERLAP_MAX_HOURS } from '../domain/organisations';
import { FundId, LocalizedText, PledgeStatus, strictBody, TaxCode, Text } from './common';

export const CreateOrganisationBody = strictBody(
  {
    name: Text(200),
    taxCode: TaxCode.optional(),
    contactEmail: z.email({ error: 'must be an email address' }).optional(),
    committeeId: z
      .string()
      .regex(COMMITTEE_ID, { error: 'must be a committee id such as vn-79' })
      .optional()
      .meta({ description: 'The committee registering it (default: the central committee); its admins manage the organisation’s keys' }),
  },
  'CreateOrganisation',
);
const ExpiresInDays = z
  .number({ error: 'must be a whole number of days' })
  .int({ error: 'must be a whole number of days' })
  .min(1, { error: 'must be at least 1 day' })
  .max(API_KEY_MAX_DAYS, { error: `must be at most ${API_KEY_MAX_DAYS} days` })
  .optional()
  .meta({ description: `How long the key works, in days (default ${API_KEY_DEFAULT_DAYS}, at most ${API_KEY_MAX_DAYS})` });

export const CreateApiKeyBody = strictBody({ label: Text(100), expiresInDays: ExpiresInDays }, 'CreateApiKey');
export const RotateApiKeyBody = strictBody(
  {
    overlapHours: z
      .number({ error: 'must be a whole number of hours' })
      .int({ error: 'must be a whole number of hours' })
      .min(0, { error: 'must be 0 or more' })
      .max(ROTATION_OVERLAP_MAX_HOURS, { error: `must be at most ${ROTATION_OVERLAP_MAX_HOURS} hours` })
      .optional()
      .meta({
        description: `How long the old key keeps working beside the new one (default ${ROTATION_OVERLAP_DEFAULT_HOURS}, at most ${ROTATION_OVERLAP_MAX_HOURS}); 0 revokes it at once`,
      }),
    expiresInDays: ExpiresInDays,
    label: Text(100).optional().meta({ description: 'The new key’s label (default: the old key’s)' }),
  },
  'RotateApiKey',
);
const ORG_ID = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an organisation id' });
export const OrgParams = z.object({ orgId: ORG_ID });
export const OrgKeyParams = z.object({ orgId: ORG_ID, keyId: z.string().regex(/^[0-9a-f]{12}$/, { error: 'must be a key id (12 hex digits)' }) });

export const Organisation = z
  .object({
    id: z.string(),
    name: z.string(),
    taxCode: z.string().optional(),
    contactEmail: z.string().optional(),
    committeeId: z.string().optional().meta({ description: 'The committee that registered it' }),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Organisation' });
export const OrganisationList = z.object({ items: z.array(Organisation) }).meta({ id: 'OrganisationList' });
export const OrganisationListQuery = z.object({
  q: z.string().trim().min(1, { error: 'must not be empty' }).max(100, { error: 'must be at most 100 characters' }).optional().meta({ description: 'Letters of the name or tax code, diacritics ignored' }),
});

/** A key as staff see it: never its secret nor its hash. */
export const ApiKey = z
  .object({
    keyId: z.string(),
    orgId: z.string(),
    prefix: z.string().meta({ description: 'How the secret begins (`sv_<keyId>_`)' }),
    lastFour: z.string().optional().meta({ description: 'The secret’s last four characters (absent on keys issued before they were kept)' }),
    label: z.string(),
    state: z.enum(['active', 'revoked', 'expired']),
    createdAt: z.string(),
    createdBy: z.string(),
    validUntil: z.string().meta({ description: 'When the key stops working' }),
    revokedAt: z.string().optional(),
    revokedBy: z.string().optional(),
    replacedBy: z.string().optional().meta({ description: 'The key that replaced it by a rotation' }),
    rotatedAt: z.string().optional(),
    rotatedBy: z.string().optional(),
    replaces: z.string().optional().meta({ description: 'The key it replaced by a rotation' }),
  })
  .meta({ id: 'ApiKey' });

const SECRET_ONCE = 'The key itself (`x-api-key`), in the first answer only: a replay of the request does not show it again';

export const ApiKeyCreated = ApiKey.extend({ apiKey: z.string().optional().meta({ description: SECRET_ONCE }) }).meta({ id: 'ApiKeyCreated' });

export const ApiKeyRotated = ApiKey.extend({
  apiKey: z.string().optional().meta({ description: SECRET_ONCE }),
  /** The key it replaces, as the rotation left it. */
  previous: ApiKey,
}).meta({ id: 'ApiKeyRotated' });

export const ApiKeyList = z.object({ items: z.array(ApiKey) }).meta({ id: 'ApiKeyList' });

/** The calling organisation's pledges, with its own donor names (it gave them). */
export const OrganisationPledges = z
  .object({
    items: z.array(
      z.object({
        ref: z.string(),
        fundId: FundId,
        amount: z.number().int(),
        received: z.number().int(),
        status: PledgeStatus,
        overdue: z.boolean(),
        donorName: z.string(),
        createdAt: z.string(),
        dueDate: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'OrganisationPledges' });

export const Grant = z
  .object({
    committeeId: z.string(),
    role: z.enum(ROLES),
    children: z.boolean().meta({ description: 'The grant covers the committees below this one too' }),
  })
  .meta({ id: 'Grant' });

export const StaffMember = z
  .object({ userId: z.string(), roles: z.array(z.enum(ROLES)), grants: z.array(Grant) })
  .meta({ id: 'StaffMember', description: 'The signed-in staff member: the roles of the token and the committees each covers' });

export const StatementYearQuery = z.object({
  year: z
    .string()
    .regex(/^(19|20|21)\d{2}$/, { error: 'must be a year such as 2025' })
    .transform(Number)
    .meta({ example: '2025' }),
});

const Money = z.number().int();
const StatementFigures = { pledged: Money, received: Money, outstanding: Money };

export const OrganisationStatement = z
  .object({
    orgId: ORG_ID,
    orgName: z.string(),
    year: z.number().int(),
    funds: z.array(
      z.object({
        fundId: FundId,
        fundName: LocalizedText,
        ...StatementFigures,
        pledges: z.array(z.object({ ref: z.string(), date: z.string().meta({ description: 'The day it was pledged (Vietnam)' }), amount: Money, status: PledgeStatus, ...StatementFigures })),
      }),
    ),
    totals: z.object(StatementFigures),
  })
  .meta({
    id: 'OrganisationStatement',
    description: 'Pledges the organisation made in the year (Vietnam days), by fund: pledged less cancellations in the year, received by the year’s end, outstanding at the year’s end; whole đồng',
  });
