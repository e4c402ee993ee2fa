/** Where the repository is, so the CDK code finds handler entries wherever it is run from. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function handlerEntry(functionName: string): string {
  return path.join(REPO_ROOT, 'lambdas', functionName, 'handler.ts');
}
