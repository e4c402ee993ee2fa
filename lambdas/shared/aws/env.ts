/**
 * Lambda environment, parsed once at cold start. A missing variable fails the import with a
 * sentence naming it, instead of an `undefined` table name surfacing later as an SDK error.
 * Plain checks rather than a schema library: every handler imports this at cold start, and eight
 * string variables do not justify the import time of one.
 */
import { ENV } from '../store/schema';

/** What each required variable is for, in the order problems are reported. */
const REQUIRED = {
  [ENV.articlesTable]: 'the articles table name',
  [ENV.feedStateTable]: 'the feed-state table name',
  [ENV.archiveBucket]: 'the raw archive bucket name',
  [ENV.eventBusName]: 'the event bus name',
} as const;

const FLAG_VALUES = new Set(['true', 'false', '1', '0', '']);

export interface HandlerEnv {
  [ENV.articlesTable]: string;
  [ENV.feedStateTable]: string;
  [ENV.archiveBucket]: string;
  [ENV.eventBusName]: string;
  [ENV.allowPrivateNetwork]: boolean;
  DIPLOWIRE_S3_FORCE_PATH_STYLE: boolean;
  /** Where the bundled registry is replaced (local runner `--sources FILE`); unset in Lambda. */
  DIPLOWIRE_SOURCES_FILE: string | undefined;
  /** Hosts exempt from the private-address check while the rest stays refused (local runner tests). */
  DIPLOWIRE_ALLOW_PRIVATE_HOSTS: string[] | undefined;
}
type Required = keyof typeof REQUIRED;

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
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, what] of Object.entries(REQUIRED)) {
    if (!needed.includes(name as K)) continue;
    const value = source[name];
    if (value === undefined || value === '')
      problems.push(`environment variable ${name} (${what}) is not set`);
    else values[name] = value;
  }
  const flag = (name: string): boolean => {
    const value = source[name];
    if (value !== undefined && !FLAG_VALUES.has(value)) {
      problems.push(`environment variable ${name} has an invalid value ${JSON.stringify(value)}`);
    }
    return value === 'true' || value === '1';
  };
  values[ENV.allowPrivateNetwork] = flag(ENV.allowPrivateNetwork);
  values.DIPLOWIRE_S3_FORCE_PATH_STYLE = flag('DIPLOWIRE_S3_FORCE_PATH_STYLE');
  values.DIPLOWIRE_SOURCES_FILE = source.DIPLOWIRE_SOURCES_FILE;
  const hosts = source.DIPLOWIRE_ALLOW_PRIVATE_HOSTS;
  values.DIPLOWIRE_ALLOW_PRIVATE_HOSTS = hosts ? hosts.split(',').filter(Boolean) : undefined;
  if (problems.length > 0) throw new EnvironmentError(`${functionName}: ${problems.join('; ')}`);
  return values as Pick<HandlerEnv, K> & Omit<HandlerEnv, Required>;
}
