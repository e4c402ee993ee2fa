/**
 * Human output of the local runner: a progress bar and summary tables on a terminal, plain lines
 * otherwise. Machine output (`--format json`) never goes through here.
 */
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import type { ArticleRecord } from '../lambdas/shared/article';
import type { RunStats, RunSummary } from './run-stats';

export interface Output {
  isTTY: boolean;
  write(text: string): void;
}

export const stdout: Output = {
  isTTY: Boolean(process.stdout.isTTY),
  write: (text) => void process.stdout.write(text),
};

/** A progress display on stderr when it is a terminal; nothing otherwise (plain lines come at the end). */
export function progressDisplay(): { update(stats: RunStats): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: 'feeds {bar} {value}/{total} | articles stored: {stored}',
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(stats) {
      const p = stats.progress();
      if (!started) {
        bar.start(Math.max(p.feedsTotal, 1), p.feedsDone, { stored: p.stored });
        started = true;
      }
      bar.setTotal(Math.max(p.feedsTotal, 1));
      bar.update(p.feedsDone, { stored: p.stored });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** A cli-table3 table, without colours when the output is not a terminal. */
export function table(options: ConstructorParameters<typeof Table>[0], out: Output = stdout): Table.Table {
  return new Table(out.isTTY ? options : { ...options, style: { head: [], border: [], ...options?.style } });
}

export function renderSummary(summary: RunSummary, out: Output): void {
  const { articles } = summary;
  const ok = summary.feeds.filter((f) => f.status === 'ok' || f.status === 'not-modified');
  const failed = summary.feeds.filter((f) => f.status === 'failed' || f.status === 'pending');
  const seconds = (summary.durationMs / 1000).toFixed(1);
  if (out.isTTY) {
    const feeds = table({
      head: ['feed', 'status', 'discovered', 'reason'],
      wordWrap: true,
      colWidths: [28, 14, 12, 60],
    });
    for (const f of summary.feeds) feeds.push([f.feedId, f.status, f.discovered, f.reason ?? '']);
    if (summary.feeds.length > 0) out.write(`${feeds.toString()}\n`);
    const totals = table({
      head: ['feeds ok', 'feeds failed', 'new', 'updated', 'unchanged', 'duration'],
    });
    totals.push([
      ok.length,
      failed.length,
      articles.new,
      articles.updated,
      articles.unchanged,
      `${seconds} s`,
    ]);
    out.write(`${totals.toString()}\n`);
  } else {
    for (const f of summary.feeds) {
      out.write(
        `feed ${f.feedId}: ${f.status}, ${f.discovered} discovered${f.reason ? ` (${f.reason})` : ''}\n`,
      );
    }
    out.write(
      `feeds ok ${ok.length}, failed ${failed.length}; articles new ${articles.new}, updated ${articles.updated}, unchanged ${articles.unchanged}; ${seconds} s\n`,
    );
  }
  if (summary.deadLettered.length > 0) {
    out.write(
      `${summary.deadLettered.length} event(s) failed every attempt and are in the dead-letter folder (see: diplowire dlq list):\n`,
    );
    for (const d of summary.deadLettered.slice(0, 5)) out.write(`  ${d.function}: ${d.message}\n`);
  }
}

export function nothingNew(summary: RunSummary): boolean {
  return summary.articles.new === 0 && summary.articles.updated === 0;
}

/** The articles as a table: the one layout `demo`, `run` and `articles --format table` share. */
export function articlesTable(records: ArticleRecord[], out: Output = stdout): string {
  const rows = table(
    {
      head: ['published', 'source', 'lang', 'countries', 'title'],
      wordWrap: true,
      colWidths: [12, 22, 6, 16, 60],
    },
    out,
  );
  for (const r of records) {
    rows.push([
      r.publishedAt?.slice(0, 10) ?? '',
      r.sourceId,
      r.language,
      r.countries.slice(0, 5).join(' '),
      r.title,
    ]);
  }
  return rows.toString();
}

export function renderArticles(records: ArticleRecord[], out: Output, title = ''): void {
  if (records.length === 0) return;
  if (title) out.write(`${title}\n`);
  if (out.isTTY) {
    out.write(`${articlesTable(records, out)}\n`);
  } else {
    for (const r of records) {
      out.write(`${r.publishedAt?.slice(0, 10) ?? 'undated'}  ${r.sourceId}  ${r.language}  ${r.title}\n`);
    }
  }
}
