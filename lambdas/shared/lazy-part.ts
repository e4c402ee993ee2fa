/**
 * A part that only some invocations need (page extraction, the legacy-charset tables), loaded on first
 * need instead of at cold start. Synchronous code takes it with `get()`; when it is not there yet,
 * `get()` throws PartNotLoaded carrying the part, and an asynchronous caller (`withLazyParts`) loads it
 * and runs the synchronous code again. Modules that want a part always there (the CLI, the tests)
 * hand it over eagerly with `use()`.
 */
export class PartNotLoaded extends Error {
  override readonly name = 'PartNotLoaded';
  constructor(readonly part: LazyPart<unknown>) {
    super(`${part.name} not loaded yet: run the caller through withLazyParts, or import its eager module`);
  }
}

export class LazyPart<T> {
  private value: T | undefined;

  constructor(
    readonly name: string,
    private readonly loader: () => Promise<T>,
  ) {}

  use(value: T): void {
    this.value = value;
  }

  get loaded(): boolean {
    return this.value !== undefined;
  }

  get(): T {
    if (this.value === undefined) throw new PartNotLoaded(this);
    return this.value;
  }

  async load(): Promise<void> {
    this.value ??= await this.loader();
  }
}

/** `run()`, loading each part it reports missing and running it again (each part loads once). */
export async function withLazyParts<R>(run: () => R, maxLoads = 4): Promise<R> {
  for (let loads = 0; ; loads++) {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof PartNotLoaded) || loads >= maxLoads) throw error;
      await error.part.load();
    }
  }
}
