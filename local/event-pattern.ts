/**
 * EventBridge event pattern matching, for the operators the stack's rules use (exact values,
 * prefix, suffix, anything-but, numeric, exists, equals-ignore-case, nested detail fields), following
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html.
 * An operator this module does not know is an error at load time, never a silent non-match.
 */

export type EventPattern = { [field: string]: EventPattern | PatternValue[] };
type PatternValue = string | number | boolean | null | Record<string, unknown>;

export class PatternError extends Error {}

const OPERATORS = new Set(['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case']);

/** Throws a PatternError naming the first unsupported construct, so a rule never quietly routes nothing. */
export function validatePattern(pattern: unknown, where = 'pattern'): asserts pattern is EventPattern {
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) {
    throw new PatternError(`${where} must be an object`);
  }
  for (const [field, value] of Object.entries(pattern)) {
    if (field === '$or') throw new PatternError(`${where}: "$or" is not supported by the local router`);
    if (Array.isArray(value)) {
      for (const element of value) {
        if (element !== null && typeof element === 'object') {
          const keys = Object.keys(element);
          const operator = keys[0];
          if (keys.length !== 1 || operator === undefined || !OPERATORS.has(operator)) {
            throw new PatternError(`${where}.${field}: unsupported matcher ${JSON.stringify(element)}`);
          }
        }
      }
    } else {
      validatePattern(value, `${where}.${field}`);
    }
  }
}

/** True when the event matches every field of the pattern. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  for (const [field, expected] of Object.entries(pattern)) {
    const actual =
      event !== null && typeof event === 'object' ? (event as Record<string, unknown>)[field] : undefined;
    if (Array.isArray(expected)) {
      if (!matchesField(expected, actual)) return false;
    } else if (actual === null || typeof actual !== 'object' || !matchesPattern(expected, actual)) {
      return false;
    }
  }
  return true;
}

function matchesField(matchers: PatternValue[], actual: unknown): boolean {
  const present = actual !== undefined;
  // An array in the event matches when any of its elements does.
  const values = Array.isArray(actual) ? actual : [actual];
  return matchers.some((matcher) => {
    if (matcher !== null && typeof matcher === 'object') {
      if ('exists' in matcher) return matcher.exists === present;
      if (!present) return false;
      return values.some((value) => matchesOperator(matcher, value));
    }
    return present && values.some((value) => value === matcher);
  });
}

function matchesOperator(matcher: Record<string, unknown>, value: unknown): boolean {
  if ('prefix' in matcher) return typeof value === 'string' && value.startsWith(String(matcher.prefix));
  if ('suffix' in matcher) return typeof value === 'string' && value.endsWith(String(matcher.suffix));
  if ('equals-ignore-case' in matcher) {
    return (
      typeof value === 'string' && value.toLowerCase() === String(matcher['equals-ignore-case']).toLowerCase()
    );
  }
  if ('anything-but' in matcher) {
    const excluded = matcher['anything-but'];
    if (excluded !== null && typeof excluded === 'object' && !Array.isArray(excluded)) {
      const prefix = (excluded as Record<string, unknown>).prefix;
      return typeof value === 'string' && !value.startsWith(String(prefix));
    }
    return !(Array.isArray(excluded) ? excluded : [excluded]).includes(value);
  }
  if ('numeric' in matcher)
    return typeof value === 'number' && matchesNumeric(matcher.numeric as unknown[], value);
  return false;
}

function matchesNumeric(conditions: unknown[], value: number): boolean {
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const bound = Number(conditions[i + 1]);
    const ok =
      conditions[i] === '>'
        ? value > bound
        : conditions[i] === '>='
          ? value >= bound
          : conditions[i] === '<'
            ? value < bound
            : conditions[i] === '<='
              ? value <= bound
              : conditions[i] === '='
                ? value === bound
                : false;
    if (!ok) return false;
  }
  return true;
}
