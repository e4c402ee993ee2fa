/**
 * What each function's code can do in AWS, read from the source: the narrow ports its core declares
 * (`articles: Pick<ArticleStore, 'put' | 'get'>`), the SDK commands each adapter method sends (with
 * the local helpers it calls), and any command the handler sends itself. Commands map to IAM
 * actions, and each port to the one resource its adapter is bound to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './mutations';

/** SDK v3 command → the IAM action AWS authorizes it with. */
export const COMMAND_ACTIONS: Record<string, string> = {
  GetCommand: 'dynamodb:GetItem',
  GetItemCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  PutItemCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  BatchGetItemCommand: 'dynamodb:BatchGetItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  BatchWriteItemCommand: 'dynamodb:BatchWriteItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  PutObjectCommand: 's3:PutObject',
  GetObjectCommand: 's3:GetObject',
  HeadObjectCommand: 's3:GetObject',
  ListObjectsV2Command: 's3:ListBucket',
  DeleteObjectCommand: 's3:DeleteObject',
  PutEventsCommand: 'events:PutEvents',
};

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

/** Methods and local functions of an adapter file → the SDK commands each sends, helpers included. */
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
    for (const c of b.body.matchAll(/new (\w+Command)\(/g)) entry.commands.add(c[1]!);
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
    const action = COMMAND_ACTIONS[command];
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
  for (const c of read(`lambdas/${functionName}/handler.ts`).matchAll(/new (\w+Command)\(/g)) add(c[1]!, '?');
  return { needed, unknownCommands };
}
