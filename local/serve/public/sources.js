// Source health: each feed ok or failing and why, last new article, next check.
import { api, dataTable, el, formatDate, relative, show } from './common.js';

// ------------------------------------------------------------------------------------ sources

const STATUS_CLASS = { ok: 'ok', failing: 'failing', 'never checked': 'never', disabled: 'disabled' };

// Sources that need attention first: failing, then working, then never checked, then disabled.
const STATUS_RANK = { failing: 0, ok: 1, 'never checked': 2, disabled: 3 };
const worstRank = (source) => Math.min(4, ...source.feeds.map((f) => STATUS_RANK[f.status] ?? 4));

export async function sourcesView() {
  const report = await api('/api/sources');
  const t = report.totals;
  const sources = [...report.sources].sort((a, b) => worstRank(a) - worstRank(b));
  const rows = sources.flatMap((source) =>
    source.feeds.map((feed) =>
      el(
        'tr',
        {},
        el(
          'td',
          {},
          el('strong', {}, source.name),
          el('br'),
          el(
            'span',
            { class: 'meta' },
            `${source.id}${source.country ? ` · ${source.country}` : ''} · ${source.kind}`,
          ),
        ),
        el('td', {}, feed.feedId, feed.format === 'listing' ? ' (listing page)' : ''),
        el(
          'td',
          {},
          el('span', { class: `badge ${STATUS_CLASS[feed.status] ?? ''}` }, feed.status),
          feed.consecutiveFailures > 1 ? ` ×${feed.consecutiveFailures}` : '',
          feed.problem ? el('div', { class: 'why' }, feed.problem) : undefined,
        ),
        el(
          'td',
          {},
          feed.lastNewArticleAt
            ? [
                formatDate(feed.lastNewArticleAt, 'time'),
                el('br'),
                el('span', { class: 'meta' }, relative(feed.lastNewArticleAt)),
              ]
            : 'none yet',
        ),
        el(
          'td',
          {},
          !feed.enabled
            ? '—'
            : feed.nextCheckAt
              ? [
                  formatDate(feed.nextCheckAt, 'time'),
                  el('br'),
                  el('span', { class: 'meta' }, feed.nextCheckReason ?? relative(feed.nextCheckAt)),
                ]
              : 'at the next run',
        ),
      ),
    ),
  );
  show(
    el('h1', {}, 'Source health'),
    el(
      'p',
      { class: 'summary-line' },
      `${t.feeds} feeds: ${t.ok} ok, ${t.failing} failing, ${t['never checked']} never checked, ${t.disabled} disabled.`,
    ),
    dataTable(['Source', 'Feed', 'Status', 'Last new article', 'Next check'], rows),
    report.unknownFeeds.length > 0
      ? el(
          'p',
          { class: 'meta' },
          `The store also holds state for feeds not in this registry: ${report.unknownFeeds.map((f) => f.feedId).join(', ')}.`,
        )
      : undefined,
  );
}
