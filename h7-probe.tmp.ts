import { extractPage } from './lambdas/shared/article/extract';
const p = '<p>The ministers met in Ankara to discuss trade and the war in the region at length today.</p>';
extractPage(`<html><body><article>${p}</article></body></html>`);
for (const depth of [0, 100, 200]) {
const html = `<html><body><article>${'<div>'.repeat(depth)}${p}${'</div>'.repeat(depth)}${depth === 0 ? '<span></span>'.repeat(400) : ''}</article></body></html>`;
const s = performance.now(); extractPage(html); console.log(depth, html.length, (performance.now()-s).toFixed(0));
}
