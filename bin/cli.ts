/**
 * `npx diplowire …`: one command per module under bin/commands. Machine output (JSON, JSON Lines) goes
 * to stdout; human output goes to a terminal; errors are one line on stderr with a non-zero exit.
 */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index';

export class UsageError extends Error {}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('diplowire')
    .description('Ingest diplomatic news: feeds and pages in, one clean deduplicated article record out.')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`diplowire: ${message.split('\n')[0]}\n`);
    if (process.env.DIPLOWIRE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}
