/** User calendars and their validation, added closures, 24/7, weekdays and the name registry. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CalendarError,
  calendarByName,
  createAlwaysOpenCalendar,
  createWeekdaysCalendar,
  createXnys,
  defineCalendar,
  withClosures,
  type CalendarDefinition,
} from '../../src/calendar/index.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const at = (text: string): number => Date.parse(text);

const lse: CalendarDefinition = {
  name: 'XLON',
  timezone: 'Europe/London',
  open: '08:00',
  close: '16:30',
  holidays: ['2025-12-25', '2025-12-26'],
  earlyCloses: [{ date: '2025-12-24', close: '12:30' }],
  closures: ['2025-06-02'],
};

describe('user calendars', () => {
  it('opens on its weekdays at its hours in its zone, across DST', () => {
    const calendar = defineCalendar(lse);
    const winter = calendar.session('2025-01-06');
    const summer = calendar.session('2025-07-07');
    assert.equal(winter && iso(winter.open), '2025-01-06T08:00:00.000Z');
    assert.equal(summer && iso(summer.open), '2025-07-07T07:00:00.000Z');
    assert.equal(summer && iso(summer.close), '2025-07-07T15:30:00.000Z');
    assert.equal(calendar.session('2025-07-05'), null);
  });

  it('honours holidays, early closes and unscheduled closures', () => {
    const calendar = defineCalendar(lse);
    assert.equal(calendar.session('2025-12-25'), null);
    assert.equal(calendar.session('2025-06-02'), null);
    assert.deepEqual(calendar.session('2025-12-24'), {
      date: '2025-12-24', open: at('2025-12-24T08:00:00Z'), close: at('2025-12-24T12:30:00Z'), earlyClose: true,
    });
    assert.equal(iso(calendar.nextOpen(at('2025-12-24T13:00:00Z'))), '2025-12-29T08:00:00.000Z');
  });

  it('takes its data horizon from the latest year it names, or from the definition', () => {
    assert.equal(defineCalendar(lse).dataHorizon, '2025-12-31');
    assert.equal(defineCalendar({ ...lse, dataHorizon: '2026-06-30' }).dataHorizon, '2026-06-30');
    assert.equal(defineCalendar({ name: 'x', timezone: 'UTC', open: '00:00', close: '24:00' }).dataHorizon, '9999-12-31');
  });

  it('can trade on chosen weekdays only, all day', () => {
    const calendar = defineCalendar({ name: 'sundays', timezone: 'UTC', open: '00:00', close: '24:00', weekdays: [0] });
    assert.deepEqual(calendar.sessions('2025-01-01', '2025-01-14').map((s) => s.date), ['2025-01-05', '2025-01-12']);
    assert.equal(iso(calendar.session('2025-01-05')?.close ?? 0), '2025-01-06T00:00:00.000Z');
  });

  it('gives a day-long session the length of the local day when DST changes', () => {
    const sundays = defineCalendar({ name: 'ny-sundays', timezone: 'America/New_York', open: '00:00', close: '24:00', weekdays: [0] });
    const spring = sundays.session('2025-03-09');
    const autumn = sundays.session('2025-11-02');
    assert.equal(spring && spring.close - spring.open, 23 * 3_600_000);
    assert.equal(autumn && autumn.close - autumn.open, 25 * 3_600_000);
  });

  it('moves an open that DST skips forward by the gap', () => {
    const early = defineCalendar({ name: 'early', timezone: 'America/New_York', open: '02:30', close: '05:00', weekdays: [0] });
    assert.equal(iso(early.session('2025-03-09')?.open ?? 0), '2025-03-09T07:30:00.000Z');
    // 01:30 happens twice on 2025-11-02; the first (EDT) is taken.
    const repeated = defineCalendar({ name: 'rep', timezone: 'America/New_York', open: '01:30', close: '05:00', weekdays: [0] });
    assert.equal(iso(repeated.session('2025-11-02')?.open ?? 0), '2025-11-02T05:30:00.000Z');
  });

  const invalid: Array<[string, Partial<CalendarDefinition>, RegExp]> = [
    ['a time that is not HH:MM', { open: '9:30' }, /open: "9:30" is not a time/],
    ['an hour past 23', { close: '25:00' }, /close: "25:00" is not a time/],
    ['a close before the open', { open: '16:00', close: '09:30' }, /close: 09:30 is not after open 16:00/],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, /unknown time zone "Mars\/Olympus"/],
    ['a date that does not exist', { holidays: ['2025-02-30'] }, /holidays\[0\]: "2025-02-30" is not a date/],
    ['a closure that is not a date', { closures: ['tomorrow'] }, /closures\[0\]: "tomorrow" is not a date/],
    ['an early close after the close', { earlyCloses: [{ date: '2025-12-24', close: '17:00' }] }, /earlyCloses\[0\]\.close: 17:00 must lie after the open/],
    ['a weekday out of range', { weekdays: [1, 7] }, /weekdays\[1\]: 7 is not a day of the week/],
    ['no weekdays at all', { weekdays: [] }, /weekdays: the list is empty/],
    ['an empty name', { name: ' ' }, /name: a calendar needs a non-empty name/],
    ['a bad horizon', { dataHorizon: '2025/12/31' }, /dataHorizon: "2025\/12\/31" is not a date/],
  ];
  for (const [what, change, message] of invalid) {
    it(`refuses ${what}, naming the field`, () => {
      assert.throws(() => defineCalendar({ ...lse, ...change }), (error: unknown) => {
        assert.ok(error instanceof CalendarError);
        assert.equal(error.code, 'EVOLVE_CALENDAR_INVALID');
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('refuses to search forever when every session is a holiday', () => {
    const calendar = defineCalendar({ name: 'never', timezone: 'UTC', open: '09:00', close: '17:00', weekdays: [1], holidays: [] });
    const closedMondays = calendar.sessions('2025-01-01', '2029-12-31').map((s) => s.date);
    const never = withClosures(calendar, closedMondays);
    assert.throws(() => never.nextOpen(at('2025-01-01T00:00:00Z')), /no session within/);
  });
});

describe('withClosures', () => {
  it('closes any calendar on extra dates without touching the others', () => {
    const xnys = withClosures(createXnys(), ['2026-03-02']);
    assert.equal(xnys.session('2026-03-02'), null);
    assert.notEqual(xnys.session('2026-03-03'), null);
    assert.equal(xnys.isOpen(at('2026-03-02T15:00:00Z')), false);
    assert.equal(iso(xnys.nextOpen(at('2026-02-27T22:00:00Z'))), '2026-03-03T14:30:00.000Z');
    assert.equal(iso(xnys.previousClose(at('2026-03-03T12:00:00Z'))), '2026-02-27T21:00:00.000Z');
    assert.equal(xnys.name, 'XNYS');
  });

  it('works on 24/7 too', () => {
    const crypto = withClosures(createAlwaysOpenCalendar(), ['2025-01-01']);
    assert.equal(crypto.isOpen(at('2025-01-01T12:00:00Z')), false);
    assert.equal(iso(crypto.nextOpen(at('2024-12-31T12:00:00Z'))), '2025-01-02T00:00:00.000Z');
  });

  it('refuses a malformed date', () => {
    assert.throws(() => withClosures(createXnys(), ['2025-13-01']), /closures\[0\]: "2025-13-01" is not a date/);
  });
});

describe('24/7 and weekdays', () => {
  it('24/7 is always open, with one session per UTC day', () => {
    const crypto = createAlwaysOpenCalendar();
    for (const t of ['2025-01-04T00:00:00Z', '2025-03-09T07:00:00Z', '2025-12-25T23:59:59Z']) assert.equal(crypto.isOpen(at(t)), true, t);
    assert.deepEqual(crypto.session('2025-03-09'), {
      date: '2025-03-09', open: at('2025-03-09T00:00:00Z'), close: at('2025-03-10T00:00:00Z'), earlyClose: false,
    });
    assert.equal(iso(crypto.nextClose(at('2025-03-09T07:00:00Z'))), '2025-03-10T00:00:00.000Z');
    assert.equal(crypto.sessions('2025-01-01', '2025-12-31').length, 365);
  });

  it('weekdays is open Monday to Friday, all day in its zone', () => {
    const utc = createWeekdaysCalendar();
    assert.equal(utc.isOpen(at('2025-01-03T23:59:59Z')), true);
    assert.equal(utc.isOpen(at('2025-01-04T00:00:00Z')), false);
    assert.equal(iso(utc.nextOpen(at('2025-01-04T00:00:00Z'))), '2025-01-06T00:00:00.000Z');
    const tokyo = createWeekdaysCalendar('Asia/Tokyo');
    assert.equal(iso(tokyo.session('2025-01-06')?.open ?? 0), '2025-01-05T15:00:00.000Z');
    // The Monday after DST starts is a full day: the session ends at the next local midnight.
    const newYork = createWeekdaysCalendar('America/New_York');
    const monday = newYork.session('2025-03-10');
    assert.equal(monday && iso(monday.open), '2025-03-10T04:00:00.000Z');
    assert.equal(monday && monday.close - monday.open, 24 * 3_600_000);
    assert.throws(() => createWeekdaysCalendar('Nowhere/Land'), /unknown time zone "Nowhere\/Land"/);
  });
});

describe('calendarByName', () => {
  it('knows the built-in calendars', () => {
    for (const name of ['XNYS', 'XNAS', '24/7', 'weekdays']) assert.equal(calendarByName(name).name, name);
  });

  it('suggests the nearest name for an unknown one', () => {
    assert.throws(() => calendarByName('XNYSE'), (error: unknown) => {
      assert.ok(error instanceof CalendarError);
      assert.match(error.message, /unknown calendar "XNYSE"; did you mean "XNYS"\?/);
      return true;
    });
    assert.throws(() => calendarByName('weekday'), /did you mean "weekdays"/);
    assert.throws(() => calendarByName('24x7'), /did you mean "24\/7"/);
  });
});
