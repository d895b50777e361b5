import * as z from 'zod';
import { ROLES } from '../routes/route';
import { FundId, PledgeStatus, strictBody, TaxCode, Text } from './common';

export const CreateOrganisationBody = strictBody(
  { name: Text(200), taxCode: TaxCode.optional(), contactEmail: z.email({ error: 'must be an email address' }).optional() },
  'CreateOrganisation',
);
export const CreateApiKeyBody = strictBody({ label: Text(100) }, 'CreateApiKey');
export const OrgParams = z.object({ orgId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an organisation id' }) });

export const Organisation = z
  .object({
    id: z.string(),
    name: z.string(),
    taxCode: z.string().optional(),
    contactEmail: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Organisation' });

export const ApiKeyCreated = z
  .object({
    keyId: z.string(),
    orgId: z.string(),
    label: z.string(),
    createdAt: z.string(),
    apiKey: z
      .string()
      .optional()
      .meta({ description: 'The key itself (`x-api-key`), in the first answer only: a replay of the request does not show it again' }),
  })
  .meta({ id: 'ApiKeyCreated' });

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

export const StaffMember = z
  .object({ userId: z.string(), roles: z.array(z.enum(ROLES)) })
  .meta({ id: 'StaffMember', description: 'The signed-in staff member, and the roles of the token' });
