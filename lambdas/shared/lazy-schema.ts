/**
 * A zod schema built on first use instead of at import. Every `z.string()`/`z.object()` call runs
 * zod's constructors, and a module of schemas built at top level cost every handler ~7 ms of cold
 * start although an invocation checks one or two of them; the rest are never built. Used for the
 * event details (events.ts) and the source registry (sources/registry.ts). Mark each call
 * `/* @__PURE__ *\/` so that esbuild drops the schemas a bundle never uses, and zod with them when
 * none is left (schedule-feeds checks no event).
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

export interface LazySchema<T extends z.ZodMiniType> {
  /** The schema itself (built now if it was not yet), e.g. to nest it in another one. */
  readonly schema: T;
  parse(data: unknown): z.output<T>;
  safeParse(data: unknown): z.core.util.SafeParseResult<z.output<T>>;
}

/** What a lazy schema's `parse` returns: the `z.infer` of the schema it builds. */
export type Infer<S extends LazySchema<z.ZodMiniType>> = z.output<S['schema']>;

let configured = false;

/** Memoizes `build`; zod's English messages are configured before the first schema is built. */
export function lazySchema<T extends z.ZodMiniType>(build: () => T): LazySchema<T> {
  let built: T | undefined;
  const schema = (): T => {
    if (!configured) {
      // English issue messages ("Invalid input: expected string"); zod/mini ships no default locale.
      z.config(en());
      configured = true;
    }
    built ??= build();
    return built;
  };
  return {
    get schema() {
      return schema();
    },
    parse: (data) => schema().parse(data),
    safeParse: (data) => schema().safeParse(data),
  };
}
