// The archive page: vanilla JS over the JSON API, routed by the URL hash so every view is a real
// link (back button, bookmarks). Everything is built with DOM calls, never innerHTML: titles and
// texts come from other people's feeds.

import { articlesView, articleView } from './articles.js';
import { main, showError } from './common.js';
import { countriesView } from './countries.js';
import { sourcesView } from './sources.js';

// ------------------------------------------------------------------------------------- router

async function render() {
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const view = path.startsWith('/article/')
    ? 'articles'
    : path === '/countries'
      ? 'countries'
      : path === '/sources'
        ? 'sources'
        : 'articles';
  for (const link of document.querySelectorAll('nav a[data-view]')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.setAttribute('aria-busy', 'true');
  try {
    if (path.startsWith('/article/')) await articleView(path.slice('/article/'.length));
    else if (path === '/countries') await countriesView(params);
    else if (path === '/sources') await sourcesView();
    else await articlesView(params);
    document.title = `${main.querySelector('h1')?.textContent ?? 'Archive'} · diplowire`;
  } catch (error) {
    showError(error);
  } finally {
    main.removeAttribute('aria-busy');
  }
}

let firstRender = true;
window.addEventListener('hashchange', async () => {
  await render();
  // Move focus to the new view so keyboard and screen-reader users start at its top.
  if (!firstRender) main.focus();
});
render().then(() => {
  firstRender = false;
});
