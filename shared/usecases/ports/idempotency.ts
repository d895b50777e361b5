/** A command's stored answer (DESIGN §8): written in the command's own transaction by its `idempotency` op. */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  status: number;
  response: unknown;
  createdAt: string;
}

export interface IdempotencyStore {
  /** Strongly consistent: a record committed a moment ago is found. */
  get(scope: string, key: string): Promise<IdempotencyRecord | null>;
}
