/**
 * The polling policy fetch-feed consults after every fetch. The default is the registry's
 * (`lambdas/shared/sources/polling.ts` `nextCheckAt`); tests and the runner may pass another.
 */
import type { PollDecision, PollInput } from '../shared/sources/polling';

export type { PollOutcome } from '../shared/sources/polling';
export type PollingPolicy = (input: PollInput) => PollDecision;
