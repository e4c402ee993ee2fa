// Shared by the views: DOM building, formatting, the API client. Everything is built with DOM
// calls, never innerHTML: titles and texts come from other people's feeds.

export const main = document.getElementById('main');
export const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
export const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
export const dayFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
export const timeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** el('a', { href: '#/' }, 'text', child…): attributes, then children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

export const SVG = 'http://www.w3.org/2000/svg';
/**
 * A scrollable table: `headers` are column labels, or `{ label, class }` for a column with a class
 * (`num` right-aligns); `rows` are <tr> elements.
 */
export function dataTable(headers, rows) {
  const th = (h) =>
    typeof h === 'string'
      ? el('th', { scope: 'col' }, h)
      : el('th', { scope: 'col', class: h.class }, h.label);
  return el(
    'div',
    { class: 'table-wrap' },
    el('table', {}, el('thead', {}, el('tr', {}, headers.map(th))), el('tbody', {}, rows)),
  );
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

export function countryName(code) {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function languageName(tag) {
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export function formatDate(iso, precision) {
  if (!iso) return 'undated';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (precision === 'time') return `${timeFormat.format(date)} UTC`;
  if (precision === 'month')
    return date.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return dayFormat.format(date);
}

export function relative(iso) {
  if (!iso) return '';
  const minutes = Math.round((Date.parse(iso) - Date.now()) / 60000);
  if (minutes === 0) return 'just now';
  const span =
    Math.abs(minutes) < 60
      ? `${Math.abs(minutes)} min`
      : Math.abs(minutes) < 48 * 60
        ? `${Math.round(Math.abs(minutes) / 60)} h`
        : `${Math.round(Math.abs(minutes) / 1440)} days`;
  return minutes >= 0 ? `in ${span}` : `${span} ago`;
}

export class ApiError extends Error {}

export async function api(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(body.error ?? `${path} answered ${response.status}`);
  return body;
}

export function hashLink(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

export function countryChips(codes, current) {
  return el(
    'span',
    { class: 'chips' },
    codes.map((code) =>
      el(
        'a',
        {
          class: code === current ? 'chip current' : 'chip',
          href: hashLink('/countries', { country: code }),
          title: `${countryName(code)}: timeline and articles`,
        },
        code,
      ),
    ),
  );
}

export function articleItem(article, currentCountry) {
  return el(
    'li',
    {},
    el('h3', {}, el('a', { href: `#/article/${article.articleId}` }, article.title || '(untitled)')),
    el(
      'p',
      { class: 'meta' },
      el(
        'time',
        { datetime: article.publishedAt ?? '' },
        formatDate(article.publishedAt, article.datePrecision),
      ),
      el('span', {}, article.sourceId),
      el('span', { title: languageName(article.language) }, article.language),
      article.countries.length > 0 ? countryChips(article.countries.slice(0, 8), currentCountry) : undefined,
    ),
    article.summary ? el('p', { class: 'excerpt' }, article.summary) : undefined,
  );
}

export function emptyArchive() {
  return el(
    'div',
    { class: 'empty' },
    el('p', {}, el('strong', {}, 'No articles yet: run ', el('code', {}, 'npm start'))),
    el('p', {}, 'It ingests the bundled sample feeds into this store; reload this page afterwards.'),
  );
}

export function show(...nodes) {
  main.replaceChildren(...nodes.filter((n) => n !== undefined && n !== null && n !== false));
}

export function showError(error) {
  show(el('h1', {}, 'Something went wrong'), el('p', { class: 'error', role: 'alert' }, error.message));
}

export function selectField(id, label, name, options, value, allLabel) {
  return el(
    'div',
    {},
    el('label', { for: id }, label),
    el(
      'select',
      { id, name },
      el('option', { value: '' }, allLabel),
      options.map((o) =>
        el('option', { value: o.value, selected: o.value === value }, `${o.label} (${o.count})`),
      ),
    ),
  );
}
