/** Where a statement's file lives in the statements bucket, and which statement a stored object belongs to. */

export function objectKeyOf(fundId: string, statementId: string): string {
  return `uploads/${fundId}/${statementId}`;
}

/** The statement an object of the statements bucket belongs to, or null for anything else. */
export function statementIdFromKey(key: string): string | null {
  return /^uploads\/[a-z0-9][a-z0-9-]{1,62}\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(key)?.[1] ?? null;
}
