// The article list (filters, search, this week at a glance) and one article.
import {
  api,
  articleItem,
  countryChips,
  countryName,
  dayFormat,
  el,
  emptyArchive,
  formatDate,
  hashLink,
  languageName,
  selectField,
  show,
} from './common.js';

function isoDay(offsetDays) {
  return new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);
}

function mondayOf(iso) {
  const day = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** "Since 23 Nov: Kazakhstan 6 · Sudan 4 …": the countries of the newest article's week, at a glance. */
async function latestWeekGlance(newest) {
  if (!newest) return undefined;
  const monday = mondayOf(newest);
  const week = await api(`/api/articles?since=${monday}&limit=1`);
  const countries = week.matchFacets.countries.slice(0, 10);
  if (countries.length === 0) return undefined;
  return el(
    'section',
    { class: 'panel glance', 'aria-labelledby': 'glance-title' },
    el('h2', { id: 'glance-title' }, `Countries in the news since ${dayFormat.format(new Date(monday))}`),
    el(
      'p',
      { class: 'chips' },
      countries.map((c) =>
        el(
          'a',
          { class: 'chip big', href: hashLink('/countries', { country: c.value, week: monday }) },
          `${countryName(c.value)} · ${c.count}`,
        ),
      ),
    ),
    el(
      'p',
      { class: 'meta' },
      `${week.total} ${week.total === 1 ? 'article' : 'articles'} that week. Select a country for what was said about it.`,
    ),
  );
}

export async function articlesView(params) {
  const filter = Object.fromEntries(
    ['q', 'source', 'country', 'language', 'since', 'until'].map((k) => [k, params.get(k) ?? '']),
  );
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
  query.set('limit', '25');
  const page = await api(`/api/articles?${query}`);
  const filtered = Object.values(filter).some(Boolean);
  const form = el(
    'form',
    {
      class: 'panel',
      role: 'search',
      'aria-label': 'Filter articles',
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        location.hash = hashLink('/', Object.fromEntries(data.entries()));
      },
    },
    el(
      'div',
      { class: 'filters' },
      el(
        'div',
        { class: 'wide' },
        el('label', { for: 'f-q' }, 'Search titles and text'),
        el('input', {
          id: 'f-q',
          name: 'q',
          type: 'search',
          value: filter.q,
          placeholder: 'e.g. Kazakhstan minerals',
        }),
      ),
      selectField(
        'f-country',
        'Country mentioned',
        'country',
        page.facets.countries
          .map((c) => ({ ...c, label: `${countryName(c.value)} (${c.value})` }))
          .sort((a, b) => a.label.localeCompare(b.label)),
        filter.country,
        'Any country',
      ),
      selectField(
        'f-source',
        'Source',
        'source',
        page.facets.sources.map((s) => ({ ...s, label: s.value })),
        filter.source,
        'All sources',
      ),
      selectField(
        'f-language',
        'Language',
        'language',
        page.facets.languages.map((l) => ({ ...l, label: `${languageName(l.value)} (${l.value})` })),
        filter.language,
        'Any language',
      ),
      el(
        'div',
        {},
        el('label', { for: 'f-since' }, 'Published from'),
        el('input', { id: 'f-since', name: 'since', type: 'date', value: filter.since }),
      ),
      el(
        'div',
        {},
        el('label', { for: 'f-until' }, 'Published until'),
        el('input', { id: 'f-until', name: 'until', type: 'date', value: filter.until }),
      ),
      el(
        'div',
        { class: 'actions' },
        el('button', { type: 'submit' }, 'Apply'),
        el('a', { class: 'button secondary', href: '#/' }, 'Clear'),
      ),
    ),
    el(
      'p',
      { class: 'quick' },
      'Quick ranges:',
      el('a', { href: hashLink('/', { ...filter, since: isoDay(-6), until: '' }) }, 'last 7 days'),
      el('a', { href: hashLink('/', { ...filter, since: isoDay(-29), until: '' }) }, 'last 30 days'),
    ),
  );

  const heading = el(
    'h1',
    {},
    filter.country ? `Articles mentioning ${countryName(filter.country)}` : 'Latest articles',
  );
  if (page.total === 0 && !filtered) return show(heading, emptyArchive());
  const glance = filtered ? undefined : await latestWeekGlance(page.items[0]?.publishedAt);
  const list = el('ol', { class: 'articles', 'aria-label': 'Articles, newest first' });
  for (const article of page.items) list.append(articleItem(article, filter.country));
  const more = el('div', {});
  let cursor = page.cursor;
  const loadMore = el(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        query.set('cursor', cursor);
        const next = await api(`/api/articles?${query}`);
        for (const article of next.items) list.append(articleItem(article, filter.country));
        cursor = next.cursor;
        if (!cursor) loadMore.remove();
      },
    },
    'Show more articles',
  );
  if (cursor) more.append(loadMore);
  const count = filtered
    ? `${page.total} ${page.total === 1 ? 'article matches' : 'articles match'} these filters`
    : `${page.total} ${page.total === 1 ? 'article' : 'articles'} in the archive, newest first`;
  show(
    heading,
    glance,
    form,
    el('p', { class: 'summary-line', role: 'status' }, count),
    page.total === 0
      ? el(
          'div',
          { class: 'empty' },
          el('p', {}, 'No articles match these filters. '),
          el('a', { href: '#/' }, 'Clear filters'),
        )
      : list,
    more,
  );
}

// ------------------------------------------------------------------------------------ article

export async function articleView(id) {
  const [a, sources] = await Promise.all([
    api(`/api/articles/${encodeURIComponent(id)}`),
    api('/api/sources'),
  ]);
  const sourceName = sources.sources.find((s) => s.id === a.sourceId)?.name;
  const facts = [
    [
      'Source',
      `${sourceName ? `${sourceName}, ` : ''}${a.sourceId}${a.sourceCountry ? ` (${countryName(a.sourceCountry)})` : ''}`,
    ],
    ['Published', formatDate(a.publishedAt, a.datePrecision)],
    ['Language', `${languageName(a.language)} (${a.language}, ${a.languageSource})`],
    ['Countries mentioned', a.countries.length > 0 ? countryChips(a.countries) : 'none found'],
    ['Length', `${a.wordCount} words`],
    [
      'Original',
      a.url ? el('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, a.url) : 'no URL',
    ],
    [
      'Archived copy',
      a.rawKey
        ? el('a', { href: `/api/articles/${a.articleId}/raw` }, 'raw bytes as fetched')
        : 'not archived',
    ],
    ['Article id', el('code', {}, a.articleId)],
  ];
  const paragraphs = a.text.split(/\n\s*\n/).filter((p) => p.trim());
  show(
    el('a', { class: 'back', href: '#/' }, '← All articles'),
    el('article', {}, [
      el('h1', {}, a.title || '(untitled)'),
      el(
        'div',
        { class: 'panel' },
        el(
          'dl',
          { class: 'facts' },
          facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
        ),
      ),
      el('h2', {}, 'Text'),
      el(
        'div',
        { class: 'article-text', lang: a.language },
        paragraphs.map((p) => el('p', {}, p)),
      ),
    ]),
  );
}
