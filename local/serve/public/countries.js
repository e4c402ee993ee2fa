// One country: mentions per week, that week's articles, the countries mentioned with it.
import {
  api,
  articleItem,
  countryName,
  dataTable,
  dayFormat,
  el,
  emptyArchive,
  hashLink,
  selectField,
  show,
  svg,
} from './common.js';

// ---------------------------------------------------------------------------------- countries

function timelineChart(timeline, selectedStart) {
  const weeks = timeline.weeks.slice(-26);
  const max = Math.max(1, ...weeks.map((w) => w.mentions));
  const barWidth = 28;
  const gap = 8;
  const height = 140;
  const width = Math.max(weeks.length * (barWidth + gap), 200);
  const chart = svg('svg', {
    class: 'chart',
    viewBox: `0 0 ${width} ${height + 40}`,
    role: 'img',
    'aria-label': `Articles mentioning ${countryName(timeline.country)} per week`,
  });
  // CSSOM, not a style attribute: the page's content policy forbids inline style attributes.
  chart.style.maxWidth = `${Math.max(width, 320)}px`;
  weeks.forEach((week, i) => {
    const barHeight = Math.round((week.mentions / max) * (height - 20));
    const x = i * (barWidth + gap);
    const label = `Week of ${dayFormat.format(new Date(week.start))}: ${week.mentions} article${week.mentions === 1 ? '' : 's'}`;
    const link = svg(
      'a',
      { href: hashLink('/countries', { country: timeline.country, week: week.start }), 'aria-label': label },
      svg('title', {}, document.createTextNode(label)),
      svg('rect', {
        class: 'bar',
        x,
        y: height - barHeight,
        width: barWidth,
        height: Math.max(barHeight, 1),
      }),
      svg(
        'text',
        { class: 'count', x: x + barWidth / 2, y: height - barHeight - 4, 'text-anchor': 'middle' },
        document.createTextNode(String(week.mentions)),
      ),
      svg(
        'text',
        { x: x + barWidth / 2, y: height + 14, 'text-anchor': 'middle' },
        document.createTextNode(week.week.slice(5)),
      ),
      svg(
        'text',
        { x: x + barWidth / 2, y: height + 28, 'text-anchor': 'middle' },
        document.createTextNode(week.start.slice(5)),
      ),
    );
    if (week.start === selectedStart) link.setAttribute('class', 'selected');
    chart.append(link);
  });
  return chart;
}

function pairsTable(pairs, country) {
  return dataTable(
    ['Countries mentioned together', { label: 'Articles', class: 'num' }],
    pairs.map((p) =>
      el(
        'tr',
        {},
        el(
          'td',
          {},
          p.countries
            .filter((c) => c !== country || p.countries.every((o) => o === country))
            .flatMap((c, i) => [
              i > 0 ? ' + ' : '',
              el('a', { href: hashLink('/countries', { country: c }) }, `${countryName(c)} (${c})`),
            ]),
        ),
        el('td', { class: 'num' }, p.articles),
      ),
    ),
  );
}

export async function countriesView(params) {
  const country = (params.get('country') ?? '').toUpperCase();
  const facets = (await api('/api/articles?limit=1')).facets;
  if (facets.countries.length === 0) return show(el('h1', {}, 'Countries'), emptyArchive());
  const picker = el(
    'form',
    {
      class: 'panel',
      onsubmit: (event) => {
        event.preventDefault();
        location.hash = hashLink('/countries', { country: new FormData(event.currentTarget).get('country') });
      },
    },
    el(
      'div',
      { class: 'filters' },
      selectField(
        'c-country',
        'Country',
        'country',
        facets.countries
          .map((c) => ({ ...c, label: `${countryName(c.value)} (${c.value})` }))
          .sort((a, b) => a.label.localeCompare(b.label)),
        country,
        'Choose a country',
      ),
      el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Show')),
    ),
  );
  if (!country) {
    const pairs = await api('/api/countries/pairs?limit=20');
    return show(
      el('h1', {}, 'Countries in the news'),
      picker,
      el('h2', {}, 'Most mentioned'),
      el(
        'p',
        { class: 'chips' },
        facets.countries
          .slice(0, 30)
          .map((c) =>
            el(
              'a',
              { class: 'chip', href: hashLink('/countries', { country: c.value }) },
              `${countryName(c.value)} · ${c.count}`,
            ),
          ),
      ),
      el('h2', {}, 'Mentioned together most often'),
      pairs.pairs.length > 0
        ? pairsTable(pairs.pairs)
        : el('p', {}, 'No article mentions two countries yet.'),
    );
  }
  const [timeline, pairs] = await Promise.all([
    api(`/api/countries/timeline?country=${country}`),
    api(`/api/countries/pairs?country=${country}&limit=15`),
  ]);
  const name = countryName(country);
  const week = timeline.weeks.find((w) => w.start === params.get('week')) ?? timeline.weeks.at(-1);
  const nodes = [el('h1', {}, `${name} (${country})`), picker];
  if (!week) {
    nodes.push(el('p', { class: 'empty' }, `No dated article mentions ${name}.`));
    return show(...nodes);
  }
  const weekEnd = new Date(Date.parse(week.start) + 6 * 86400000).toISOString().slice(0, 10);
  const articles = await api(
    `/api/articles?country=${country}&since=${week.start}&until=${weekEnd}&limit=50`,
  );
  nodes.push(
    el(
      'p',
      { class: 'summary-line' },
      `Mentioned in ${timeline.total} article${timeline.total === 1 ? '' : 's'}; ${week.mentions} in the week of ${dayFormat.format(new Date(week.start))}.`,
    ),
    el('h2', {}, 'Articles per week'),
    el(
      'div',
      { class: 'panel' },
      timelineChart(timeline, week.start),
      el('p', { class: 'meta' }, 'Select a bar to list that week’s articles.'),
    ),
    el('h2', { id: 'week-articles' }, `Week of ${dayFormat.format(new Date(week.start))} (${week.week})`),
    articles.items.length > 0
      ? el(
          'ol',
          { class: 'articles' },
          articles.items.map((a) => articleItem(a, country)),
        )
      : el('p', {}, 'No articles that week.'),
    el('p', {}, el('a', { href: hashLink('/', { country }) }, `All articles mentioning ${name} →`)),
    el('h2', {}, `Mentioned together with ${name}`),
    pairs.pairs.length > 0
      ? pairsTable(pairs.pairs, country)
      : el('p', {}, 'No other country appears in its articles.'),
  );
  show(...nodes);
}
