import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { STAGES, StageConfigError, stageConfig } from '../../lib/config';

describe('stage settings', () => {
  it('defaults to dev when no stage is given', () => {
    expect(stageConfig(undefined).name).toBe('dev');
  });

  it('rejects an unknown stage with a message naming the valid ones', () => {
    expect(() => stageConfig('staging')).toThrow(StageConfigError);
    expect(() => stageConfig('staging')).toThrow(
      'unknown stage "staging": use -c stage=dev or -c stage=prod',
    );
  });

  it('rejects an alarm e-mail that is not an address', () => {
    expect(() => stageConfig('prod', { alarmEmail: 'ops at example' })).toThrow(
      'alarmEmail "ops at example" is not an e-mail address',
    );
    expect(stageConfig('prod', { alarmEmail: 'ops@example.org' }).alarmEmail).toBe('ops@example.org');
  });

  it('retains stateful resources in every stage', () => {
    for (const stage of Object.values(STAGES)) expect(stage.statefulRemovalPolicy).toBe(RemovalPolicy.RETAIN);
  });

  it('polls every 5 minutes by default', () => {
    expect(STAGES.dev.scheduleRate.toSeconds()).toBe(Duration.minutes(5).toSeconds());
  });
});
