/**
 * One construct for every pipeline function: it carries the Lambda defaults once (arm64, Node.js 24,
 * minified ESM bundle split into lazily loaded chunks, with source maps, a log group with retention,
 * X-Ray tracing, asynchronous invoke settings with an on-failure queue) and offers bind helpers that
 * grant access AND set the environment variable in one call.
 */

import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AssetHashType, type CfnResource, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  type CfnFunction,
  Code,
  Function as LambdaFunction,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { loadRegistry, type Registry, RegistryError } from '../../lambdas/shared/sources/registry';
import type { DynamoAction, ObjectGrant, PipelineFunctionName } from '../functions';
import { FUNCTION_METADATA_KEY } from '../functions';
import { handlerEntry, REPO_ROOT } from '../paths';

/**
 * esbuild's ESM output has no `require`, and a few CommonJS dependencies call it for Node built-ins
 * (aws4: crypto, querystring, url; iconv-lite: buffer, stream, string_decoder; chardet: fs). Each such
 * name is aliased to a two-line ES module re-exporting the built-in (`lib/builtin-shims/`), so the
 * bundle imports it like any ES module and needs no `require` at all. The usual fix, a banner
 * defining `require` with `createRequire` from `node:module`, made every cold start load
 * `node:module` (~4 ms CPU) for three calls. A dependency that starts requiring another built-in
 * fails the bundle test (tests/lib/handler-bundles.test.ts) until its name is added here.
 */
export const BUILTIN_REQUIRES = [
  'buffer',
  'crypto',
  'fs',
  'querystring',
  'stream',
  'string_decoder',
  'url',
] as const;

const BUILTIN_ALIASES: Record<string, string> = Object.fromEntries(
  BUILTIN_REQUIRES.map((name) => [name, path.join(REPO_ROOT, 'lib', 'builtin-shims', `${name}.mjs`)]),
);

/**
 * A banner that defines `require` for ESM output: only for bundles of code that requires built-ins
 * the aliases do not cover (the bench's reference bundle of the AWS SDK clients).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __diplowireCreateRequire } from 'node:module'; const require = __diplowireCreateRequire(import.meta.url);";

/**
 * The esbuild settings of every handler bundle, per output file. Exported so the bench and the
 * bundle tests build exactly what is deployed (through `handlerBuildOptions`) instead of a copy.
 */
export const HANDLER_BUNDLING = {
  format: 'esm',
  target: 'node24',
  // Prefer packages' ESM builds: smaller after tree shaking.
  mainFields: ['module', 'main'],
  minify: true,
  // Written next to the code, but not loaded by default (HANDLER_NODE_OPTIONS).
  sourcemap: true,
  // Stack traces need file and line, not the sources: keeps the asset small.
  sourcesContent: false,
  // A deployed bundle is not redistributed; license banners only add bytes to parse at cold start.
  legalComments: 'none',
  alias: BUILTIN_ALIASES,
  // The handlers sign their AWS calls with the lean client (lambdas/shared/aws/client) and Lambda
  // always puts credentials in the environment; the SDK's provider chain is only a fallback for
  // running a handler elsewhere, loaded by dynamic import, so it stays out of the bundle (the Lambda
  // Node runtime ships the SDK should it ever be reached).
  external: ['@aws-sdk/credential-providers'] as string[],
} as const;

/** The registry every function is deployed with. */
export const BUNDLED_SOURCES_FILE = path.join(REPO_ROOT, 'sources.json');

let validated: { text: string; registry: Registry } | undefined;

/**
 * `sources.json` validated now, at build (synth) time, as the functions would at run time: a bad
 * registry fails the build with the entry and the problem named, and the deployed functions receive
 * the result (defaults filled in) through `define`, so their cold start neither builds the registry
 * schemas nor loads css-select to check selectors (lambdas/shared/store/registry-provider.ts).
 */
export function validatedBundledRegistry(file = BUNDLED_SOURCES_FILE): Registry {
  const text = readFileSync(file, 'utf8');
  if (validated?.text === text) return validated.registry;
  try {
    validated = { text, registry: loadRegistry(text) };
  } catch (error) {
    if (error instanceof RegistryError) throw new RegistryError(error.issues.map((i) => `${file}: ${i}`));
    throw error;
  }
  return validated.registry;
}

/**
 * Data files that code reads from beside itself (`new URL('./name', import.meta.url)`), by the module
 * that reads them. As bytes in a file they cost nothing at import and a ~0.1 ms read on first use;
 * the same data as string literals in the bundle are scanned at every cold start (~15 ms per MB
 * measured: ~5 ms for ELD's n-grams, ~4 ms for the country index). The build copies each beside every output file holding the module.
 */
export const DATA_FILES: Readonly<Record<string, readonly string[]>> = {
  'lambdas/shared/article/language/eld-scorer.ts': ['eld-small-data.bin'],
  'lambdas/shared/article/countries/trie.ts': ['index-data.json'],
};

/** Where the data files of a build go (`from` in the repository, `to` beside the output that reads them). */
export function dataFilesOf(metafile: Metafile): Array<{ from: string; to: string }> {
  const copies: Array<{ from: string; to: string }> = [];
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    for (const input of Object.keys(inputs)) {
      for (const name of DATA_FILES[input] ?? []) {
        copies.push({
          from: path.join(REPO_ROOT, path.dirname(input), name),
          to: path.join(path.resolve(REPO_ROOT, path.dirname(output)), name),
        });
      }
    }
  }
  return copies;
}

/** Copies the data files a written build reads (its metafile: `metafile: true`). */
export function copyDataFiles(metafile: Metafile): void {
  for (const { from, to } of dataFilesOf(metafile)) copyFileSync(from, to);
}

/**
 * The esbuild build of one handler into `outdir`: `index.mjs` (what Lambda imports) plus, under
 * `chunks/`, one file per dynamic `import()` and the code those share. Every byte of `index.mjs` is
 * parsed at cold start, even code wrapped to run later (~20 ms for archive-article's lazily used
 * feed parser when it rode in one file), so what a handler needs only on some invocations (the feed
 * parser in archive-article, listing pages, …) is split out and read from disk on first use.
 * `NodejsFunction` writes a single file (`--outfile`), hence the construct's own bundling below.
 */
export function handlerBuildOptions(name: string, outdir: string): BuildOptions {
  const options = HANDLER_BUNDLING;
  return {
    ...options,
    mainFields: [...options.mainFields],
    external: [...options.external],
    alias: { ...options.alias },
    // The registry's JSON text as a string literal, parsed on first use: V8 scans a string far faster
    // than it parses the same 14 KB as an object literal (−2 to −4 ms of cold import).
    define: { DIPLOWIRE_VALIDATED_REGISTRY: JSON.stringify(JSON.stringify(validatedBundledRegistry())) },
    entryPoints: { index: handlerEntry(name) },
    // Metafile paths relative to the repository, as DATA_FILES names modules.
    absWorkingDir: REPO_ROOT,
    outdir,
    bundle: true,
    platform: 'node',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  };
}

/**
 * Bundles one handler into `outdir` with its data files (synchronously: CDK's local bundling hook is
 * synchronous).
 */
export function bundleHandler(name: string, outdir: string): void {
  const { metafile } = buildSync({ ...handlerBuildOptions(name, outdir), metafile: true });
  if (metafile) copyDataFiles(metafile);
}

/**
 * Context value (`cdk deploy -c diplowire:sourceMaps=true`) that sets `NODE_OPTIONS=--enable-source-maps`
 * on every function, for stack traces that point at the TypeScript sources. Off by default: with it,
 * Node reads and decodes each bundle's map at import, 10–21 ms CPU of every cold start
 * (bench/cold-import.ts). The maps are in the asset either way.
 */
export const SOURCE_MAPS_CONTEXT = 'diplowire:sourceMaps';
export const SOURCE_MAPS_NODE_OPTIONS = '--enable-source-maps';

/** What the functions run with by default (and what the bench measures): no extra Node options. */
export const HANDLER_NODE_OPTIONS = '';

function sourceMapsRequested(scope: Construct): boolean {
  const value: unknown = scope.node.tryGetContext(SOURCE_MAPS_CONTEXT);
  return value === true || value === 'true';
}

/** How long failed events stay in a dead-letter queue: the longest SQS allows. */
export const DLQ_RETENTION = Duration.days(14);

export interface PipelineFunctionProps {
  /** The handler folder: `lambdas/<name>/handler.ts`, exporting `handler`. */
  readonly name: PipelineFunctionName;
  readonly logRetention: RetentionDays;
  /** @default 512 MB: parsing and HTML extraction are CPU-bound, and CPU scales with memory. */
  readonly memorySize?: number;
  /** @default 60 seconds */
  readonly timeout?: Duration;
  /** Caps parallel executions; set on functions that call third-party sites. @default no reservation */
  readonly reservedConcurrentExecutions?: number;
  /** Lambda's own retries of a failed asynchronous invocation (0–2). @default 2 */
  readonly retryAttempts?: number;
  /** How long Lambda keeps an asynchronous event before sending it to the on-failure queue. @default 6 hours */
  readonly maxEventAge?: Duration;
  /** Extra environment variables, merged over the defaults. */
  readonly environment?: Record<string, string>;
}

/**
 * A pipeline function and its dead-letter queue. The one queue per function receives both the
 * events EventBridge could not deliver to it (rule target DLQ) and the invocations that failed after
 * Lambda's retries (on-failure destination): everything that failed for this function is in one place.
 */
export class PipelineFunction extends Construct {
  readonly function: LambdaFunction;
  readonly deadLetterQueue: IQueue;
  readonly logGroup: LogGroup;
  readonly role: Role;
  readonly functionName: PipelineFunctionName;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    if (props.retryAttempts !== undefined && (props.retryAttempts < 0 || props.retryAttempts > 2)) {
      throw new Error(`${props.name}: retryAttempts must be 0, 1 or 2 (Lambda's asynchronous retries)`);
    }
    if (props.reservedConcurrentExecutions !== undefined && props.reservedConcurrentExecutions < 1) {
      throw new Error(
        `${props.name}: reservedConcurrentExecutions must be at least 1 (0 would stop the function)`,
      );
    }
    this.functionName = props.name;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DLQ_RETENTION,
    });
    // Logs are operational data: they go with the stack, unlike tables and the archive.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole, whose logs statement is on `*`.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const sourceMaps = sourceMapsRequested(this);
    this.function = new LambdaFunction(this, 'Function', {
      // Hashed by what is built, as NodejsFunction does: an unchanged bundle is not uploaded again.
      code: Code.fromAsset(REPO_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Bundling always runs locally with the project's esbuild; the image is only CDK's
          // required fallback and is never pulled. The command names the function: CDK caches
          // bundles by these options (the local hook is not part of the key), so it must differ
          // per function or all four would get the first one's bundle.
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
          command: [
            'sh',
            '-c',
            `echo "${props.name}: bundled locally with esbuild, not in Docker" >&2; exit 1`,
          ],
          local: {
            tryBundle(outputDir: string) {
              bundleHandler(props.name, outputDir);
              return true;
            },
          },
        },
      }),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(60),
      role: this.role,
      logGroup: this.logGroup,
      // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords on Resource `*`: X-Ray has no
      // resource-level permissions, so nothing narrower exists (acknowledged for cdk-nag in the stack).
      tracing: Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      retryAttempts: props.retryAttempts ?? 2,
      maxEventAge: props.maxEventAge ?? Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
      environment: {
        ...(sourceMaps ? { NODE_OPTIONS: SOURCE_MAPS_NODE_OPTIONS } : {}),
        ...props.environment,
      },
    });
    (this.function.node.defaultChild as CfnFunction).addMetadata(FUNCTION_METADATA_KEY, props.name);
  }

  /** Sets an environment variable; later calls add to the environment, never replace it. */
  addEnvironment(name: string, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  /** Grants exactly `actions` on the table itself (no index access) and sets `envName` to its name. */
  bindTable(table: ITable, envName: string, actions: readonly DynamoAction[]): this {
    if (actions.length === 0) throw new Error(`${this.functionName}: bindTable needs at least one action`);
    this.role.addToPolicy(new PolicyStatement({ actions: [...actions], resources: [table.tableArn] }));
    return this.addEnvironment(envName, table.tableName);
  }

  /** Grants object actions limited to key prefixes and sets `envName` to the bucket's name. */
  bindBucket(bucket: IBucket, envName: string, grants: readonly ObjectGrant[]): this {
    for (const grant of grants) {
      if (!/^[a-z0-9-]+\/$/.test(grant.prefix)) {
        throw new Error(
          `${this.functionName}: bucket prefix "${grant.prefix}" must be a folder such as "raw/"`,
        );
      }
      if (grant.createOnly && grant.actions.some((a) => a !== 's3:PutObject')) {
        throw new Error(`${this.functionName}: createOnly applies to s3:PutObject alone`);
      }
      this.role.addToPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...grant.actions],
          resources: [bucket.arnForObjects(`${grant.prefix}*`)],
          // Create-only: S3 refuses a PutObject without `If-None-Match: *`, so an archived original
          // can never be overwritten, even by a bug in the handler.
          conditions: grant.createOnly ? { Null: { 's3:if-none-match': 'false' } } : undefined,
        }),
      );
    }
    return this.addEnvironment(envName, bucket.bucketName);
  }

  /** Grants events:PutEvents on the bus (and nothing on other buses) and sets `envName` to its name. */
  bindBus(bus: IEventBus, envName: string): this {
    this.role.addToPolicy(
      new PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] }),
    );
    return this.addEnvironment(envName, bus.eventBusName);
  }

  /** The CloudFormation logical id of the function (for `sam local invoke`). */
  get logicalId(): string {
    return Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnResource);
  }
}
