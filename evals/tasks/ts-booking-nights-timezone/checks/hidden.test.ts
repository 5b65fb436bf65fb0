import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { addDays, nightCount, nightsOf, weekday, weekendNights } = await import(pathToFileURL(join(process.cwd(), 'src/dates.ts')).href);
const zone = process.env.TZ ?? 'default';

test(`[${zone}] a stay across the US spring DST change`, () => {
  assert.deepEqual(nightsOf('2024-03-08', '2024-03-13'), ['2024-03-08', '2024-03-09', '2024-03-10', '2024-03-11', '2024-03-12']);
});

test(`[${zone}] a stay across the EU spring and autumn DST changes`, () => {
  assert.deepEqual(nightsOf('2024-03-29', '2024-04-02'), ['2024-03-29', '2024-03-30', '2024-03-31', '2024-04-01']);
  assert.deepEqual(nightsOf('2024-10-26', '2024-10-29'), ['2024-10-26', '2024-10-27', '2024-10-28']);
});

test(`[${zone}] a stay across the southern-hemisphere DST changes`, () => {
  assert.deepEqual(nightsOf('2024-04-05', '2024-04-09'), ['2024-04-05', '2024-04-06', '2024-04-07', '2024-04-08']);
  assert.deepEqual(nightsOf('2024-09-28', '2024-10-01'), ['2024-09-28', '2024-09-29', '2024-09-30']);
});

test(`[${zone}] adding days`, () => {
  assert.equal(addDays('2024-03-10', 1), '2024-03-11');
  assert.equal(addDays('2024-03-31', 1), '2024-04-01');
  assert.equal(addDays('2024-11-03', 0), '2024-11-03');
  assert.equal(addDays('2024-01-01', -1), '2023-12-31');
  assert.equal(addDays('2023-12-31', 60), '2024-02-29');
  assert.equal(addDays('2024-10-27', 365), '2025-10-27');
});

test(`[${zone}] night counts`, () => {
  assert.equal(nightCount('2024-03-08', '2024-03-13'), 5);
  assert.equal(nightCount('2024-10-26', '2024-10-29'), 3);
  assert.equal(nightCount('2024-01-01', '2025-01-01'), 366);
});

test(`[${zone}] weekdays`, () => {
  assert.equal(weekday('2024-03-09'), 'Sat');
  assert.equal(weekday('2024-03-10'), 'Sun');
  assert.equal(weekday('2024-01-01'), 'Mon');
  assert.equal(weekday('2024-10-27'), 'Sun');
  assert.deepEqual(weekendNights('2024-03-07', '2024-03-12'), ['2024-03-08', '2024-03-09']);
});

test(`[${zone}] still rejects what is not a day`, () => {
  assert.throws(() => addDays('2024-5-1', 1));
});
