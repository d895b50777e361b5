/**
 * Organisations' API keys (DESIGN §10, "organisation keys"): issued with an expiry, listed without
 * their secrets, revoked, and rotated with a short overlap. Each key's record keeps who did what.
 */
import {
  API_KEY_DEFAULT_DAYS,
  apiKeyPrefix,
  apiKeyState,
  hashApiKey,
  keyValidUntil,
  newApiKey,
  ROTATION_OVERLAP_DEFAULT_HOURS,
  validUntilAfter,
  type ApiKeyRecord,
  type ApiKeyState,
  type Organisation,
} from '../domain/organisations';
import { ROOT_COMMITTEE } from '../domain/committees';
import { ConflictError, NotFoundError } from '../errors';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import { findCommittee, type CommitteeDeps } from './committees';
import type { Stores } from './ports';
import { requireCommitteeScope, type Scope } from './scope';
import * as clock from '../domain/clock';

export type ApiKeyDeps = CommandDeps & CommitteeDeps & Pick<Stores, 'organisations'>;

/** What staff see of a key: its record without the secret's hash, with its state and its expiry worked out. */
export type ApiKeyView = Omit<ApiKeyRecord, 'keyHash' | 'version' | 'revoked' | 'validUntil'> & { prefix: string; state: ApiKeyState; validUntil: string };

export function apiKeyView(record: ApiKeyRecord, now: Date): ApiKeyView {
  const { keyHash: _hash, version: _version, revoked: _revoked, validUntil: _validUntil, ...shown } = record;
  return { ...shown, prefix: apiKeyPrefix(record.keyId), state: apiKeyState(record, now), validUntil: keyValidUntil(record) };
}

/** The organisation's keys are its committee's to manage (or an ancestor's, with children; DESIGN §12.2). */
async function organisationInScope(deps: CommitteeDeps & Pick<Stores, 'organisations'>, orgId: string, scope: Scope | undefined): Promise<Organisation> {
  const organisation = await deps.organisations.get(orgId);
  if (!organisation) throw new NotFoundError(`No organisation ${orgId}`);
  const committee = await findCommittee(deps, organisation.committeeId ?? ROOT_COMMITTEE);
  requireCommitteeScope(scope, committee?.path ?? [ROOT_COMMITTEE], 'các tổ chức / the organisations');
  return organisation;
}

async function existingKey(deps: Pick<Stores, 'organisations'>, orgId: string, keyId: string): Promise<ApiKeyRecord> {
  const record = await deps.organisations.getApiKey(orgId, keyId);
  if (!record) throw new NotFoundError(`Tổ chức ${orgId} không có khóa ${keyId} / Organisation ${orgId} has no key ${keyId}`);
  return record;
}

function issue(orgId: string, label: string, expiresInDays: number, context: CommandContext, now: Date, { keyId, secret } = newApiKey()) {
  const record: ApiKeyRecord = {
    keyId,
    orgId,
    keyHash: hashApiKey(secret),
    label,
    createdAt: now.toISOString(),
    createdBy: context.actor,
    revoked: false,
    version: 1,
    validUntil: validUntilAfter(now, expiresInDays),
    lastFour: secret.slice(-4),
  };
  return { keyId, secret, record };
}

/** The secret joins the answer only when this request made the key: a replay does not show it again. */
function withSecret<T extends { keyId: string }>(stored: { status: number; body: T }, keyId: string, secret: string) {
  return { status: stored.status, body: { ...stored.body, ...(stored.body.keyId === keyId ? { apiKey: secret } : {}) } };
}

/**
 * The secret is in the response once and nowhere else: only its hash is stored, and the
 * idempotency record keeps the response without the secret, so a replay cannot leak it.
 */
export async function createApiKey(deps: ApiKeyDeps, orgId: string, input: { label: string; expiresInDays?: number }, context: CommandContext) {
  await organisationInScope(deps, orgId, context.scope);
  const now = context.now?.() ?? clock.now();
  const expiresInDays = input.expiresInDays ?? API_KEY_DEFAULT_DAYS;
  const { keyId, secret, record } = issue(orgId, input.label, expiresInDays, context, now);
  const stored = await executeCommand(deps, 'CreateApiKey', { orgId, label: input.label, expiresInDays }, context, async () => ({
    ops: [{ op: 'create', aggregate: { type: 'apiKey', value: record } }],
    response: { status: 201, body: apiKeyView(record, now) },
  }));
  return withSecret(stored, keyId, secret);
}

export async function listApiKeys(deps: CommitteeDeps & Pick<Stores, 'organisations'>, orgId: string, scope: Scope | undefined, now = clock.now()) {
  await organisationInScope(deps, orgId, scope);
  return { items: (await deps.organisations.listApiKeys(orgId)).map((record) => apiKeyView(record, now)) };
}

/** Revoking a revoked key changes nothing and answers the key as it is. */
export async function revokeApiKey(deps: ApiKeyDeps, orgId: string, keyId: string, context: CommandContext) {
  await organisationInScope(deps, orgId, context.scope);
  return executeCommand<ApiKeyView>(deps, 'RevokeApiKey', { orgId, keyId }, context, async (now) => {
    const record = await existingKey(deps, orgId, keyId);
    if (record.revoked) return { ops: [], response: { status: 200, body: apiKeyView(record, now) } };
    const at = now.toISOString();
    const next: ApiKeyRecord = { ...record, revoked: true, revokedAt: at, revokedBy: context.actor, version: (record.version ?? 1) + 1 };
    return {
      ops: [{ op: 'update', aggregate: { type: 'apiKey', value: next }, expectedVersion: record.version ?? 1 }],
      response: { status: 200, body: apiKeyView(next, now) },
    };
  });
}

/**
 * A new key replaces an active one. The old key keeps working for the overlap (default a day), so
 * the organisation can switch its systems without an outage; an overlap of 0 revokes it at once.
 * A key already rotated is refused: its successor is the one to rotate.
 */
export async function rotateApiKey(
  deps: ApiKeyDeps,
  orgId: string,
  keyId: string,
  input: { overlapHours?: number; expiresInDays?: number; label?: string },
  context: CommandContext,
) {
  await organisationInScope(deps, orgId, context.scope);
  const now = context.now?.() ?? clock.now();
  const overlapHours = input.overlapHours ?? ROTATION_OVERLAP_DEFAULT_HOURS;
  const expiresInDays = input.expiresInDays ?? API_KEY_DEFAULT_DAYS;
  const fresh = newApiKey();
  const stored = await executeCommand(deps, 'RotateApiKey', { orgId, keyId, overlapHours, expiresInDays, label: input.label }, context, async () => {
    const old = await existingKey(deps, orgId, keyId);
    const state = apiKeyState(old, now);
    if (state !== 'active') throw new ConflictError(`Khóa ${keyId} không còn hiệu lực (${state}) / Key ${keyId} is ${state}: issue a new key instead`, state);
    if (old.replacedBy) throw new ConflictError(`Khóa ${keyId} đã được thay bằng ${old.replacedBy} / Key ${keyId} was already rotated: rotate ${old.replacedBy}`, 'rotated');
    const at = now.toISOString();
    const record: ApiKeyRecord = { ...issue(orgId, input.label ?? old.label, expiresInDays, context, now, fresh).record, replaces: keyId };
    const overlapEnds = new Date(now.getTime() + overlapHours * 3_600_000).toISOString();
    const ending = overlapHours === 0 ? { revoked: true, revokedAt: at, revokedBy: context.actor } : { validUntil: overlapEnds < keyValidUntil(old) ? overlapEnds : keyValidUntil(old) };
    const previous: ApiKeyRecord = { ...old, ...ending, replacedBy: fresh.keyId, rotatedAt: at, rotatedBy: context.actor, version: (old.version ?? 1) + 1 };
    return {
      ops: [
        { op: 'create', aggregate: { type: 'apiKey', value: record } },
        { op: 'update', aggregate: { type: 'apiKey', value: previous }, expectedVersion: old.version ?? 1 },
      ],
      response: { status: 201, body: { ...apiKeyView(record, now), previous: apiKeyView(previous, now) } },
    };
  });
  return withSecret(stored, fresh.keyId, fresh.secret);
}
