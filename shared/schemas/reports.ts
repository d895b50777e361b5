import * as z from 'zod';
import { parseRef } from '../domain/refs';
import { OPEN_DATA_FILES, PUBLISHED_FILES, REPORT_FILES, SIGNATURE_ALGORITHMS } from '../reports/manifest';
import { isValidDate } from '../reports/layout';
import { NAMES_FILE } from '../reports/names';
import { FundId } from './common';

const ReportDate = z
  .string()
  .refine(isValidDate, { error: 'must be a date as YYYY-MM-DD' })
  .meta({ description: 'The report day (Vietnam time)', example: '2025-09-01' });

const ReportDateOrLatest = z
  .string()
  .refine((s) => s === 'latest' || isValidDate(s), { error: 'must be a date as YYYY-MM-DD or "latest"' })
  .meta({ example: '2025-09-01' });

const Hex32 = z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'SHA-256, hex' });

export const ReportsQuery = z.object({ fundId: FundId });

export const ReportList = z
  .object({
    fundId: FundId,
    items: z.array(
      z.object({
        date: z.string(),
        cutoff: z.string(),
        treeSize: z.number().int(),
        rootHash: Hex32,
        manifestSha256: Hex32,
        files: z.record(z.string(), z.string()).meta({ description: 'API paths of the files; each redirects to storage' }),
      }),
    ),
  })
  .meta({ id: 'ReportList' });

export const ReportDateParams = z.object({ fundId: FundId, date: ReportDateOrLatest });

/** A reference code's entries, or one leaf by its index (a gift's certificate names its leaf). */
export const ProofQuery = z
  .object({
    ref: z
      .string()
      .transform((s, ctx) => {
        const ref = parseRef(s);
        if (!ref) ctx.addIssue({ code: 'custom', message: 'must be a reference code such as UHV1EWZE1 or GN…' });
        return ref ?? s;
      })
      .optional()
      .meta({ example: 'UHV1EWZE1' }),
    leaf: z.coerce.number().int().min(0).optional().meta({ description: 'A leaf index instead of a reference code', example: 0 }),
  })
  .refine((q) => (q.ref === undefined) !== (q.leaf === undefined), { error: 'give either ref or leaf', path: ['ref'] });

const PublicEntry = z.object({
  v: z.number().int(),
  entryId: z.string(),
  fundId: z.string(),
  type: z.string(),
  at: z.string(),
  day: z.string(),
  actor: z.string(),
  entityType: z.string(),
  entityRef: z.string(),
  wardCode: z.string().optional(),
  deltas: z.record(z.string(), z.number().int()),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

const FileDigest = z.object({ sha256: Hex32, bytes: z.number().int() });
const ReportFileDigests = {
  ...(Object.fromEntries(REPORT_FILES.map((name) => [name, FileDigest])) as Record<(typeof REPORT_FILES)[number], typeof FileDigest>),
  // Format 2: the open-data files the night published.
  ...(Object.fromEntries(OPEN_DATA_FILES.map((name) => [name, FileDigest.optional()])) as Record<(typeof OPEN_DATA_FILES)[number], z.ZodOptional<typeof FileDigest>>),
};

/** The signed manifest.json of a night: verify its signature, then the proofs against its rootHash. */
const Manifest = z
  .object({
    format: z.string(),
    fundId: FundId,
    date: z.string(),
    cutoff: z.string(),
    treeSize: z.number().int(),
    rootHash: Hex32,
    files: z.object(ReportFileDigests),
    previousDate: z.string().nullable(),
    previousTreeSize: z.number().int().nullable(),
    previousManifestSha256: Hex32.nullable(),
    keyId: z.string(),
    algorithm: z.enum(SIGNATURE_ALGORITHMS),
    signature: z.string(),
  })
  .meta({ id: 'ReportManifest' });

export const InclusionProofs = z
  .object({
    fundId: FundId,
    date: z.string(),
    ref: z.string(),
    treeSize: z.number().int(),
    rootHash: Hex32,
    manifestSha256: Hex32,
    manifest: Manifest,
    entries: z.array(
      z.object({
        leafIndex: z.number().int(),
        leafHash: Hex32.meta({ description: 'SHA-256(0x00 ‖ line)' }),
        auditPath: z.array(Hex32).meta({ description: 'RFC 9162 inclusion path, nearest sibling first' }),
        line: z.string().meta({ description: 'The exact line of entries.jsonl (RFC 8785 canonical JSON)' }),
        entry: PublicEntry,
      }),
    ),
  })
  .meta({ id: 'InclusionProofs' });

export const ReportFundParams = z.object({ fundId: FundId });

export const ConsistencyQuery = z.object({ from: ReportDate, to: ReportDateOrLatest });

const TreeHead = z.object({ date: z.string(), treeSize: z.number().int(), rootHash: Hex32, manifestSha256: Hex32 });

export const ConsistencyProof = z
  .object({
    fundId: FundId,
    from: TreeHead,
    to: TreeHead,
    proof: z.array(Hex32).meta({ description: 'RFC 9162 consistency proof' }),
  })
  .meta({ id: 'ConsistencyProof' });

export const ReportFileParams = z.object({ fundId: FundId, date: ReportDateOrLatest, name: z.enum([...PUBLISHED_FILES, NAMES_FILE]) });

export const FileRedirect = z.object({ url: z.string() }).meta({ id: 'ReportFileRedirect', description: 'Also sent as the Location header (302)' });

export const ReportKeys = z
  .object({
    format: z.string(),
    keys: z.array(
      z.object({
        keyId: z.string(),
        algorithm: z.enum(SIGNATURE_ALGORITHMS),
        publicKey: z.string(),
        validFrom: z.string().optional().describe('The first report date the key signs'),
        retiredAt: z.string().optional().describe('The first report date the key no longer signs, once rotated'),
        attestation: z.string().optional().describe("The key's own signature over its dates of validity"),
      }),
    ),
  })
  .meta({ id: 'ReportKeys' });
