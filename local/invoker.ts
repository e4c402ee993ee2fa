/**
 * Runs a handler the way Lambda would call it: loads `lambdas/<folder>/handler.ts` once (a cold
 * start, after the runner has set the environment), then calls `handler(event, context)` with a
 * context whose remaining time counts down, and fails the invocation at the function's timeout.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionSpec } from './router';
import { REPO_ROOT } from './templates';

export type Handler = (event: unknown, context: unknown) => Promise<unknown>;
export type HandlerLoader = (folder: string) => Promise<{ handler: Handler }>;

export class InvocationTimeoutError extends Error {
  override readonly name = 'InvocationTimeoutError';
}

export class HandlerLoadError extends Error {
  override readonly name = 'HandlerLoadError';
}

const DEFAULT_TIMEOUT_SECONDS = 30;

export const importHandler: HandlerLoader = (folder) =>
  import(pathToFileURL(path.join(REPO_ROOT, 'lambdas', folder, 'handler.ts')).href) as Promise<{
    handler: Handler;
  }>;

export function createInvoker(load: HandlerLoader = importHandler) {
  const handlers = new Map<string, Promise<Handler>>();
  const handlerOf = (folder: string): Promise<Handler> => {
    let loaded = handlers.get(folder);
    if (!loaded) {
      loaded = load(folder).then(
        (module) => {
          if (typeof module.handler !== 'function') {
            throw new HandlerLoadError(`lambdas/${folder}/handler.ts does not export a handler function`);
          }
          return module.handler;
        },
        (error: unknown) => {
          handlers.delete(folder);
          const message = error instanceof Error ? error.message : String(error);
          throw new HandlerLoadError(`cannot load lambdas/${folder}/handler.ts: ${message.split('\n')[0]}`);
        },
      );
      handlers.set(folder, loaded);
    }
    return loaded;
  };

  return async function invoke(fn: FunctionSpec, event: unknown): Promise<unknown> {
    const handler = await handlerOf(fn.folder);
    const timeoutMs = (fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    const deadline = Date.now() + timeoutMs;
    const context = {
      functionName: fn.logicalId,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${fn.logicalId}`,
      memoryLimitInMB: '512',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${fn.logicalId}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => {},
      fail: () => {},
      succeed: () => {},
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new InvocationTimeoutError(`${fn.folder}: task timed out after ${timeoutMs / 1000} seconds`),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([handler(event, context), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
