import * as z from 'zod';
import { COMMITTEE_ID, ROLES } from '../domain/committees';
import { FundId, PledgeStatus, strictBody, TaxCode, Text } from './common';

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
export const CreateApiKeyBody = strictBody({ label: Text(100) }, 'CreateApiKey');
export const OrgParams = z.object({ orgId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an organisation id' }) });

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
