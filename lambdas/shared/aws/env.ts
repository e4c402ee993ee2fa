/**
 * Lambda environment, parsed once at cold start. A missing variable fails the import with a
 * sentence naming it, instead of an `undefined` table name surfacing later as an SDK error.
 */
import { z } from 'zod';
import { ENV } from '../store/schema';

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const Schema = z.object({
  [ENV.articlesTable]: z.string().min(1, 'the articles table name'),
  [ENV.feedStateTable]: z.string().min(1, 'the feed-state table name'),
  [ENV.archiveBucket]: z.string().min(1, 'the raw archive bucket name'),
  [ENV.eventBusName]: z.string().min(1, 'the event bus name'),
  [ENV.allowPrivateNetwork]: flag,
  DIPLOWIRE_S3_FORCE_PATH_STYLE: flag,
  /** Where the bundled registry is replaced (local runner `--sources FILE`); unset in Lambda. */
  DIPLOWIRE_SOURCES_FILE: z.string().optional(),
  /** Hosts exempt from the private-address check while the rest stays refused (local runner tests). */
  DIPLOWIRE_ALLOW_PRIVATE_HOSTS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').filter(Boolean) : undefined)),
});

export type HandlerEnv = z.infer<typeof Schema>;
type Required =
  | typeof ENV.articlesTable
  | typeof ENV.feedStateTable
  | typeof ENV.archiveBucket
  | typeof ENV.eventBusName;

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/**
 * Reads the variables a function needs. `needed` lists the required ones; optional ones are always read.
 * Throws EnvironmentError: "fetch-feed: environment variable FEED_STATE_TABLE (the feed-state table name) is not set".
 */
export function readEnv<K extends Required>(
  functionName: string,
  needed: readonly K[],
  source: Record<string, string | undefined> = process.env,
): Pick<HandlerEnv, K> & Omit<HandlerEnv, Required> {
  const pickMask = Object.fromEntries(needed.map((k) => [k, true])) as Record<string, true>;
  const optional = {
    [ENV.allowPrivateNetwork]: true,
    DIPLOWIRE_S3_FORCE_PATH_STYLE: true,
    DIPLOWIRE_SOURCES_FILE: true,
    DIPLOWIRE_ALLOW_PRIVATE_HOSTS: true,
  } as const;
  const schema = Schema.pick({ ...pickMask, ...optional } as never);
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const value = source[name];
      if (value === undefined || value === '') {
        const what = name in Schema.shape ? describe(name) : '';
        return `environment variable ${name}${what ? ` (${what})` : ''} is not set`;
      }
      return `environment variable ${name} has an invalid value ${JSON.stringify(value)}`;
    });
    throw new EnvironmentError(`${functionName}: ${problems.join('; ')}`);
  }
  return result.data as Pick<HandlerEnv, K> & Omit<HandlerEnv, Required>;
}

function describe(name: string): string {
  switch (name) {
    case ENV.articlesTable:
      return 'the articles table name';
    case ENV.feedStateTable:
      return 'the feed-state table name';
    case ENV.archiveBucket:
      return 'the raw archive bucket name';
    case ENV.eventBusName:
      return 'the event bus name';
    default:
      return '';
  }
}
