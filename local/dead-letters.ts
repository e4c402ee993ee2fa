/**
 * The local dead-letter folder, `DATA/dlq/<function>.jsonl`: one failed event per line with the
 * error, the function, the attempts and the time (written by the dispatcher). `take` moves the files
 * aside before a replay, so events that fail again land in fresh files and nothing is sent twice.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DeadLetter } from './dispatcher';

export class DeadLetterError extends Error {}

export function dlqDirOf(dataDir: string): string {
  return path.join(dataDir, 'dlq');
}

function parseFile(file: string): DeadLetter[] {
  const letters: DeadLetter[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const letter = JSON.parse(line) as DeadLetter;
        if (typeof letter.function !== 'string' || typeof letter.event !== 'object')
          throw new Error('fields missing');
        letters.push(letter);
      } catch {
        throw new DeadLetterError(`${file} line ${index + 1} is not a dead letter written by diplowire`);
      }
    });
  return letters;
}

function files(dataDir: string, suffix: string): string[] {
  const dir = dlqDirOf(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Every dead letter, oldest file first, including any left from an interrupted replay. */
export function listDeadLetters(dataDir: string): DeadLetter[] {
  return [...files(dataDir, '.jsonl.replaying'), ...files(dataDir, '.jsonl')].flatMap(parseFile);
}

/** Moves the dead letters aside for a replay; `done()` deletes them once they have been handled. */
export function takeDeadLetters(dataDir: string): { letters: DeadLetter[]; done(): void } {
  for (const file of files(dataDir, '.jsonl')) {
    const target = `${file}.replaying`;
    if (existsSync(target)) {
      // An interrupted replay left this: keep both sets of letters.
      appendFileSync(target, readFileSync(file, 'utf8'));
      rmSync(file);
    } else {
      renameSync(file, target);
    }
  }
  const taken = files(dataDir, '.jsonl.replaying');
  return {
    letters: taken.flatMap(parseFile),
    done() {
      for (const file of taken) rmSync(file, { force: true });
    },
  };
}
