/**
 * Custom metrics as CloudWatch Embedded Metric Format lines on stdout (no SDK call, no extra
 * latency). Only inside Lambda: the local runner's output stays clean.
 */
import { METRICS_NAMESPACE, type MetricNameValue } from '../../../lib/metrics';

export function emitMetrics(
  values: Partial<Record<MetricNameValue, number>>,
  env: Record<string, string | undefined> = process.env,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): void {
  if (!env.AWS_LAMBDA_FUNCTION_NAME) return;
  const names = Object.keys(values) as MetricNameValue[];
  if (names.length === 0) return;
  write(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [[]],
            Metrics: names.map((Name) => ({ Name, Unit: 'Count' })),
          },
        ],
      },
      ...values,
    }),
  );
}
