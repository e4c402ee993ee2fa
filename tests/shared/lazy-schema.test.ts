import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { lazySchema } from '../../lambdas/shared/lazy-schema';

describe('lazySchema', () => {
  it('builds the schema on first use, once, and parses with it', () => {
    let builds = 0;
    const Point = lazySchema(() => {
      builds++;
      return z.object({ x: z.number(), y: z.number() });
    });
    expect(builds).toBe(0);
    expect(Point.parse({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    expect(Point.safeParse({ x: 1 }).success).toBe(false);
    expect(Point.schema).toBe(Point.schema);
    expect(builds).toBe(1);
  });

  it('gives zod’s English messages (mini has no locale until one is configured)', () => {
    const Name = lazySchema(() => z.object({ name: z.string() }));
    expect(Name.safeParse({ name: 3 }).error?.issues[0]?.message).toBe(
      'Invalid input: expected string, received number',
    );
  });

  it('nests: a lazy schema inside another is built with it', () => {
    const Inner = lazySchema(() => z.object({ id: z.string() }));
    const Outer = lazySchema(() => z.object({ items: z.array(Inner.schema) }));
    expect(Outer.safeParse({ items: [{ id: 'a' }, { id: 1 }] }).error?.issues[0]?.path).toEqual([
      'items',
      1,
      'id',
    ]);
  });
});
