/**
 * The EventBridge envelope a function receives, validated with the detail schema from events.ts.
 * A malformed event is a bug upstream, not bad input from the web: it is thrown (and so ends in
 * the dead-letter queue with this message) rather than ignored.
 */
import type * as z from 'zod/mini';
import type { LazySchema } from '../lazy-schema';

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

export function detailOf<T extends z.ZodMiniType>(
  functionName: string,
  expectedDetailType: string,
  schema: LazySchema<T>,
  event: unknown,
): z.output<T> {
  if (typeof event !== 'object' || event === null || !('detail' in event)) {
    throw new InvalidEventError(
      `${functionName}: expected an EventBridge event with a detail, got ${preview(event)}`,
    );
  }
  const type = (event as { 'detail-type'?: unknown })['detail-type'];
  if (type !== undefined && type !== expectedDetailType) {
    throw new InvalidEventError(
      `${functionName}: expected a ${expectedDetailType} event, got ${String(type)}`,
    );
  }
  const result = schema.safeParse((event as { detail: unknown }).detail);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || 'detail'}: ${i.message}`).join('; ');
    throw new InvalidEventError(`${functionName}: invalid ${expectedDetailType} detail: ${issues}`);
  }
  return result.data;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
