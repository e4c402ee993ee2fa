/** One measured figure; every bench module returns a list of these. */
export interface BenchRow {
  area: string;
  metric: string;
  value: number;
  unit: string;
  /** What it is compared with, or the goal, in words. */
  note?: string;
}

export type BenchModule = () => Promise<BenchRow[]>;

/** The middle value (the upper one of an even count): robust to a burst of load on a shared machine. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}
