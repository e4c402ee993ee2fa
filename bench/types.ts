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
