/** `diplowire serve [--data DIR] [--port N] [--host H] [--sources FILE]`: a local web page over the store. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { DATA_OPTION, dataDirOf } from '../../local/cli';

interface ServeCommandOptions {
  data?: string;
  port: number;
  host: string;
  sources?: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'a local web page over the store: latest articles, filters, search, country timelines, source health',
    )
    .option(...DATA_OPTION)
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 8080)
    .option('--host <host>', 'address to listen on (the page has no login: keep it on loopback)', '127.0.0.1')
    .option(
      '--sources <file>',
      'the source registry for the health view (default: the bundled sources.json, plus the demo feeds when the store holds them)',
    )
    .action(async (options: ServeCommandOptions) => {
      const { loadRegistryFile } = await import('../../lambdas/shared/sources/registry');
      const { registryFileOf } = await import('../../local/run');
      const { withStore } = await import('../../local/store-session');
      const { startArchiveServer } = await import('../../local/serve/server');
      const dataDir = dataDirOf(options);
      const registry = await loadRegistryFile(registryFileOf(options.sources));
      // `demo` writes the registry of its sample feeds into the store: show their health too.
      const demoFile = path.join(dataDir, 'demo-sources.json');
      if (!options.sources && existsSync(demoFile)) {
        const demo = await loadRegistryFile(demoFile);
        const known = new Set(registry.sources.map((s) => s.id));
        registry.sources.push(...demo.sources.filter((s) => !known.has(s.id)));
      }
      await withStore(dataDir, async (stores) => {
        const server = await startArchiveServer({ stores, registry, port: options.port, host: options.host });
        process.stdout.write(
          `serving ${dataDir} at ${server.origin}/ (the store is locked while this runs; Ctrl-C stops)\n`,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await server.close();
      });
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('use a port from 0 to 65535.');
  return port;
}
