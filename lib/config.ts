/**
 * Typed per-stage settings, chosen in bin/app.ts by `-c stage=<name>` and passed down as props.
 * Nothing here looks up the environment, so `cdk synth` needs no account and no credentials.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export interface StageConfig {
  /** `dev` or `prod`; part of each stack name (`DiplowireDevData`, `DiplowireProdPipeline`). */
  readonly name: StageName;
  /** How long function logs are kept. */
  readonly logRetention: RetentionDays;
  /** Where alarm notifications go; no SNS topic is created when absent. */
  readonly alarmEmail?: string;
  /** How often the scheduler runs; each feed's own poll interval decides whether it is due. */
  readonly scheduleRate: Duration;
  /**
   * Reserved concurrency of the functions that call publishers' sites (fetch-feed, archive-article).
   * Lambda keeps at least 100 unreserved executions per account, so an account with a lower quota
   * cannot deploy a reservation: raise the quota or lower these numbers.
   */
  readonly fetcherConcurrency: { readonly fetchFeed: number; readonly archiveArticle: number };
  /** Removal policy of tables and buckets: RETAIN in every stage, so a teardown never loses data. */
  readonly statefulRemovalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection (a second lock on top of RETAIN). */
  readonly deletionProtection: boolean;
  /** Whether the CloudWatch dashboard is created ($3 a month each beyond the free three). */
  readonly dashboard: boolean;
  /** Failed feed fetches within one hour that raise the failing-feeds alarm. */
  readonly failingFeedsThreshold: number;
}

export const STAGE_NAMES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export const STAGES: Record<StageName, StageConfig> = {
  dev: {
    name: 'dev',
    logRetention: RetentionDays.ONE_WEEK,
    scheduleRate: Duration.minutes(5),
    fetcherConcurrency: { fetchFeed: 2, archiveArticle: 2 },
    statefulRemovalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: false,
    dashboard: false,
    failingFeedsThreshold: 10,
  },
  prod: {
    name: 'prod',
    logRetention: RetentionDays.ONE_MONTH,
    scheduleRate: Duration.minutes(5),
    fetcherConcurrency: { fetchFeed: 5, archiveArticle: 5 },
    statefulRemovalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    dashboard: true,
    failingFeedsThreshold: 5,
  },
};

export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
}

/** The settings of a stage; an unknown name is an error that lists the valid ones. */
export function stageConfig(name: string | undefined, overrides: { alarmEmail?: string } = {}): StageConfig {
  const stage = name ?? 'dev';
  if (!(STAGE_NAMES as readonly string[]).includes(stage)) {
    throw new StageConfigError(`unknown stage "${stage}": use -c stage=${STAGE_NAMES.join(' or -c stage=')}`);
  }
  const base = STAGES[stage as StageName];
  const alarmEmail = overrides.alarmEmail?.trim();
  if (alarmEmail !== undefined && alarmEmail !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new StageConfigError(`alarmEmail "${alarmEmail}" is not an e-mail address`);
  }
  return alarmEmail ? { ...base, alarmEmail } : base;
}

/** `dev` → `Dev`, for stack names. */
export function stagePascal(stage: StageName): string {
  return stage.charAt(0).toUpperCase() + stage.slice(1);
}
