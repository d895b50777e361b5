/**
 * Every value the edge may send in its origin header now: the secret's current version and,
 * while a rotation reaches CloudFront, the previous one. Throws ServiceUnavailableError when
 * they cannot be read, never an empty list.
 */
export type OriginHeaderValues = () => Promise<string[]>;
