/**
 * What each function's code can do in AWS, read from the source: the narrow ports its core declares
 * (`articles: Pick<ArticleStore, 'put' | 'get'>`), the AWS operations each adapter method calls on
 * the lean client (`doc.call('PutItem', …)`, with the local helpers it calls), and any operation the
 * handler calls itself. Operations map to IAM actions, and each port to the one resource its adapter
 * is bound to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './mutations';

/**
 * AWS operation → the IAM action AWS authorizes it with (written from the service authorization
 * reference, not from the client's code). An operation missing here fails the test.
 */
export const OPERATION_ACTIONS: Record<string, string> = {
  GetItem: 'dynamodb:GetItem',
  PutItem: 'dynamodb:PutItem',
  UpdateItem: 'dynamodb:UpdateItem',
  DeleteItem: 'dynamodb:DeleteItem',
  BatchGetItem: 'dynamodb:BatchGetItem',
  BatchWriteItem: 'dynamodb:BatchWriteItem',
  Query: 'dynamodb:Query',
  Scan: 'dynamodb:Scan',
  PutObject: 's3:PutObject',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  ListObjectsV2: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  DeleteObject: 's3:DeleteObject',
  PutEvents: 'events:PutEvents',
};

/**
 * A call of an AWS operation on a lean client (`.call('PutItem', …)`, or the untyped `.send('PutItem', …)`),
 * or an SDK v3 command (`new PutItemCommand(`), which a handler must not send and so is reported unknown.
 */
const OPERATION_CALL = /\.(?:call|send)\(\s*'(\w+)'|new (\w+Command)\(/g;
const operationsIn = (text: string) => [...text.matchAll(OPERATION_CALL)].map((m) => (m[1] ?? m[2])!);

/** Each port's AWS adapter and the resource (construct id prefix in the templates) it is bound to. */
export const PORT_ADAPTERS: Record<string, { file: string; resource: string }> = {
  ArticleStore: { file: 'lambdas/shared/aws/article-store.ts', resource: 'ArticlesTable' },
  FeedStateStore: { file: 'lambdas/shared/aws/feed-state-store.ts', resource: 'FeedStateTable' },
  RawArchive: { file: 'lambdas/shared/aws/raw-archive.ts', resource: 'ArchiveBucket' },
  EventPublisher: { file: 'lambdas/shared/aws/event-publisher.ts', resource: 'Bus' },
};

const read = (rel: string) => readFileSync(path.join(repoRoot, rel), 'utf8');

/** `name: Pick<Port, 'a' | 'b'>` or `name: Port` lines of the core's `…Deps` interface. */
export function declaredPorts(coreSource: string): Array<{ dep: string; port: string; methods?: string[] }> {
  const body = /export interface \w+Deps\s*\{([\s\S]*?)\n\}/.exec(coreSource)?.[1];
  if (body === undefined) throw new Error('no exported …Deps interface in the core');
  const out: Array<{ dep: string; port: string; methods?: string[] }> = [];
  for (const m of body.matchAll(/^\s*(?:readonly\s+)?(\w+)\??:\s*(?:Pick<(\w+),\s*([^>]+)>|(\w+))\s*;/gm)) {
    const [, dep, pickPort, picked, wholePort] = m;
    const port = pickPort ?? wholePort!;
    if (!(port in PORT_ADAPTERS)) continue;
    out.push({
      dep: dep!,
      port,
      ...(picked ? { methods: [...picked.matchAll(/'(\w+)'/g)].map((x) => x[1]!) } : {}),
    });
  }
  return out;
}

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'function', 'return']);
const HEADER =
  /^[ \t]*(?:export\s+)?(?:async\s*)?(?:function\s*)?\*?\s*(\w+)\s*(?:<[^>]*>)?\(([^)]*)\)\s*(?::\s*[^{=]+)?\{/gm;

/** Methods and local functions of an adapter file → the AWS operations each calls, helpers included. */
export function commandsByMethod(source: string): Map<string, Set<string>> {
  const headers = [...source.matchAll(HEADER)].filter((m) => !KEYWORDS.has(m[1]!));
  const blocks = headers.map((m, i) => ({
    name: m[1]!,
    body: source.slice(m.index, headers[i + 1]?.index ?? source.length),
  }));
  const names = new Set(blocks.map((b) => b.name));
  const direct = new Map<string, { commands: Set<string>; calls: Set<string> }>();
  for (const b of blocks) {
    const entry = direct.get(b.name) ?? { commands: new Set<string>(), calls: new Set<string>() };
    for (const operation of operationsIn(b.body)) entry.commands.add(operation);
    for (const c of b.body.matchAll(/\b(\w+)\(/g))
      if (names.has(c[1]!) && c[1] !== b.name) entry.calls.add(c[1]!);
    direct.set(b.name, entry);
  }
  const result = new Map<string, Set<string>>();
  for (const name of names) {
    const seen = new Set<string>();
    const commands = new Set<string>();
    const visit = (n: string) => {
      if (seen.has(n)) return;
      seen.add(n);
      const e = direct.get(n);
      for (const c of e?.commands ?? []) commands.add(c);
      for (const c of e?.calls ?? []) visit(c);
    };
    visit(name);
    result.set(name, commands);
  }
  return result;
}

/** `action@resource` pairs the function's code can send, e.g. `dynamodb:PutItem@ArticlesTable`. */
export function neededAccess(functionName: string): { needed: Set<string>; unknownCommands: string[] } {
  const needed = new Set<string>();
  const unknownCommands: string[] = [];
  const add = (command: string, resource: string) => {
    const action = OPERATION_ACTIONS[command];
    if (action === undefined) unknownCommands.push(command);
    else needed.add(`${action}@${resource}`);
  };
  for (const { port, methods } of declaredPorts(read(`lambdas/${functionName}/core.ts`))) {
    const adapter = PORT_ADAPTERS[port]!;
    const byMethod = commandsByMethod(read(adapter.file));
    for (const method of methods ?? [...byMethod.keys()]) {
      const commands = byMethod.get(method);
      if (commands === undefined) throw new Error(`${adapter.file} has no method ${method}`);
      for (const c of commands) add(c, adapter.resource);
    }
  }
  // A handler that sends a command itself, outside the ports, cannot be tied to a resource: flag it.
  for (const operation of operationsIn(read(`lambdas/${functionName}/handler.ts`))) add(operation, '?');
  return { needed, unknownCommands };
}
