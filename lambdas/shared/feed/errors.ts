/** Why a document could not be read as a feed. Each code has a message a person can act on. */
export type FeedErrorCode =
  | 'empty-body'
  | 'too-large'
  | 'html-instead-of-feed'
  | 'json-instead-of-feed'
  | 'not-a-feed'
  | 'malformed-xml'
  | 'entity-expansion';

export class FeedError extends Error {
  override readonly name = 'FeedError';
  constructor(
    readonly code: FeedErrorCode,
    message: string,
  ) {
    super(message);
  }
}
