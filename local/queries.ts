/** Reading articles back from the local store for the CLI. */
import type { ArticleRecord } from '../lambdas/shared/article';
import type { ArticleQuery, ArticleStore } from '../lambdas/shared/ports';

/** Every article matching the query, newest first (the store pages; this follows every page). */
export async function allArticles(store: ArticleStore, query: Omit<ArticleQuery, 'cursor' | 'limit'>) {
  const records: ArticleRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...query, limit: 500, cursor });
    records.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return records.sort(newestFirst);
}

export async function latestArticles(store: ArticleStore, count: number): Promise<ArticleRecord[]> {
  return (await allArticles(store, {})).slice(0, count);
}

function newestFirst(a: ArticleRecord, b: ArticleRecord): number {
  const byDate = (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '');
  return byDate !== 0 ? byDate : a.articleId.localeCompare(b.articleId);
}
