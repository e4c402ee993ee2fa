/** `diplowire demo`: `run --once` over the bundled sample feeds, served on loopback (works offline). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DATA_OPTION, dataDirOf } from '../../local/cli';
import { serveSamples } from '../../local/demo-server';
import { latestArticles } from '../../local/queries';
import { progressDisplay, renderArticles, stdout } from '../../local/report';
import { REPO_ROOT } from '../../local/templates';
import { finish } from './run';

export function register(program: Command): void {
  program
    .command('demo')
    .description('ingest the bundled sample feeds, served on loopback, and show what was stored (offline)')
    .option(...DATA_OPTION)
    .action(async (options: { data?: string }) => {
      const { loadRegistryFile } = await import('../../lambdas/shared/sources/registry');
      const { withPipeline } = await import('../../local/pipeline');
      const { runOnce } = await import('../../local/run');
      const dataDir = dataDirOf(options);
      mkdirSync(dataDir, { recursive: true });
      // Article ids come from URLs, which carry the port: reuse the last one so a second demo
      // finds the same articles instead of "new" copies on another port.
      const portFile = path.join(dataDir, 'demo-port');
      const lastPort = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) || 0 : 0;
      const server = await serveSamples(path.join(REPO_ROOT, 'samples'), lastPort);
      try {
        writeFileSync(portFile, new URL(server.origin).port);
        const registry = await loadRegistryFile(path.join(REPO_ROOT, 'samples', 'demo-sources.json'), {
          vars: { base: server.origin },
        });
        const sourcesFile = path.join(dataDir, 'demo-sources.json');
        writeFileSync(sourcesFile, `${JSON.stringify(registry, null, 2)}\n`);
        stdout.write(`serving the sample feeds at ${server.origin}\n`);
        const progress = progressDisplay();
        await withPipeline(
          { dataDir, sourcesFile, allowPrivateNetwork: true, onProgress: (s) => progress.update(s) },
          async (pipeline) => {
            const summary = await runOnce(pipeline, sourcesFile);
            progress.stop();
            const latest = await latestArticles(pipeline.stores.articles, 8);
            finish(summary, () => renderArticles(latest, stdout, 'latest articles in the store:'));
          },
        );
      } finally {
        await server.close();
      }
    });
}
