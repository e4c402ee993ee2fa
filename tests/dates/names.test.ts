import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  monthNamesTable,
  monthsFromIntl,
  weekdayNames,
  weekdaysFromIntl,
} from '../../lambdas/shared/dates/names';
import { REPO_ROOT } from '../../local/templates';
import { renderNamesData } from '../../scripts/generate-date-names';

describe('the stored month and weekday tables', () => {
  it('are exactly what Intl builds on this Node (regenerate with scripts/generate-date-names.ts)', () => {
    expect([...monthNamesTable()].sort()).toEqual([...monthsFromIntl()].sort());
    expect([...weekdayNames()].sort()).toEqual([...weekdaysFromIntl()].sort());
  });

  it('is the file the generator writes, byte for byte but for the Node/ICU line', () => {
    const stored = readFileSync(path.join(REPO_ROOT, 'lambdas/shared/dates/names-data.ts'), 'utf8');
    const body = (text: string) => text.split('\n').slice(1).join('\n');
    expect(body(stored)).toBe(body(renderNamesData()));
  });

  it('hold the names feeds use, in their genitive and abbreviated forms too', () => {
    const months = monthNamesTable();
    expect(
      ['ноября', 'ноя', 'kasim', 'novembre', 'nov', 'listopada', 'listopad', 'نوفمبر', 'تشرين_الثاني'].map(
        (k) => months.get(k),
      ),
    ).toEqual([11, 11, 11, 11, 11, 11, 11, 11, 11]);
    // Latin-script prefixes are not added: «marr» would be a guess.
    expect(months.has('marr')).toBe(false);
    expect(weekdayNames().has('carsamba')).toBe(true);
  });
});
