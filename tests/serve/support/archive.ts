/**
 * A store filled by the real pipeline (the demo's sample feeds served on loopback, the real handlers,
 * dynalite and s3rver) with `diplowire serve`'s HTTP server over it, on port 0.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRegistryFile } from '../../../lambdas/shared/sources/registry';
import { type SampleServer, serveSamples } from '../../../local/demo-server';
import { LocalPipeline } from '../../../local/pipeline';
import { runOnce } from '../../../local/run';
import { type ArchiveServer, startArchiveServer } from '../../../local/serve/server';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServedArchive {
  /** The archive page and API. */
  origin: string;
  /** Where the sample feeds are served: article URLs start with it. */
  samplesOrigin: string;
  pipeline: LocalPipeline;
  stop(): Promise<void>;
}

export async function servedArchive(prefix: string): Promise<ServedArchive> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  let samples: SampleServer | undefined;
  let pipeline: LocalPipeline | undefined;
  let server: ArchiveServer | undefined;
  const stop = async () => {
    await server?.close();
    await pipeline?.stop();
    await samples?.close();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    samples = await serveSamples(path.join(repoRoot, 'samples'));
    const text = readFileSync(path.join(repoRoot, 'samples/demo-sources.json'), 'utf8');
    const sourcesFile = path.join(tmp, 'sources.json');
    writeFileSync(sourcesFile, text.replaceAll('{{base}}', samples.origin));
    pipeline = await LocalPipeline.start({
      dataDir: path.join(tmp, 'data'),
      sourcesFile,
      allowPrivateNetwork: true,
      retryBaseMs: 10,
    });
    const summary = await runOnce(pipeline, sourcesFile);
    if (summary.deadLettered.length > 0)
      throw new Error(`the demo run dead-lettered events: ${summary.deadLettered.length}`);
    const registry = await loadRegistryFile(sourcesFile);
    server = await startArchiveServer({ stores: pipeline.stores, registry });
    return { origin: server.origin, samplesOrigin: samples.origin, pipeline, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
