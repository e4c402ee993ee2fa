/**
 * `npm run bench`: every figure in one run, as a table on stderr-free stdout and then as one JSON
 * object on the last line (`{"rows":[…]}`), so a script can read it with `tail -1`.
 * Pass area names to run only those: `npm run bench -- feed`.
 */
import type { BenchModule, BenchRow } from './types';

const modules: Record<string, () => Promise<{ run: BenchModule }>> = {
  // Each area registers its module here, e.g. feed: () => import('./feed'),
  feed: () => import('./feed'),
  http: () => import('./http'),
  pipeline: () => import('./pipeline'),
  normalize: () => import('./normalize'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const rows: BenchRow[] = [];
  for (const [area, load] of Object.entries(modules)) {
    if (wanted.length > 0 && !wanted.includes(area)) continue;
    const { run } = await load();
    rows.push(...(await run()));
  }
  const table = rows.map((r) => ({
    area: r.area,
    metric: r.metric,
    value: Number.isInteger(r.value) ? r.value : Number(r.value.toPrecision(4)),
    unit: r.unit,
    note: r.note ?? '',
  }));
  console.table(table);
  console.log(JSON.stringify({ rows }));
}

await main();
