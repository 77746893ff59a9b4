/**
 * XNYS against tables of known NYSE sessions: every holiday of sample years across the eras
 * since 1990, the early closes by era, the unscheduled closures, and the UTC open in every DST
 * transition week of 2006 (old US DST rules) and 2025. Tables come from NYSE's published holiday
 * calendars and closings history, written out by hand rather than derived from the code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarByName, createXnas, createXnys } from '../../src/calendar/index.js';

const xnys = createXnys();
const iso = (ms: number): string => new Date(ms).toISOString();
const at = (text: string): number => Date.parse(text);

/** Every weekday of `year` on which XNYS does not open. */
function weekdayClosures(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const date = iso(t).slice(0, 10);
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && xnys.session(date) === null) out.push(date);
  }
  return out;
}

const HOLIDAYS: Record<number, string[]> = {
  1990: ['1990-01-01', '1990-02-19', '1990-04-13', '1990-05-28', '1990-07-04', '1990-09-03', '1990-11-22', '1990-12-25'],
  // Jan 1 1994 was a Saturday: no holiday on Friday Dec 31 1993. Nixon's funeral on Apr 27.
  1994: ['1994-02-21', '1994-04-01', '1994-04-27', '1994-05-30', '1994-07-04', '1994-09-05', '1994-11-24', '1994-12-26'],
  // MLK Day observed from 1998; July 4 on a Saturday → Friday July 3.
  1998: ['1998-01-01', '1998-01-19', '1998-02-16', '1998-04-10', '1998-05-25', '1998-07-03', '1998-09-07', '1998-11-26', '1998-12-25'],
  1999: ['1999-01-01', '1999-01-18', '1999-02-15', '1999-04-02', '1999-05-31', '1999-07-05', '1999-09-06', '1999-11-25', '1999-12-24'],
  2001: ['2001-01-01', '2001-01-15', '2001-02-19', '2001-04-13', '2001-05-28', '2001-07-04', '2001-09-03',
    '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', '2001-11-22', '2001-12-25'],
  2004: ['2004-01-01', '2004-01-19', '2004-02-16', '2004-04-09', '2004-05-31', '2004-06-11', '2004-07-05', '2004-09-06', '2004-11-25', '2004-12-24'],
  2007: ['2007-01-01', '2007-01-02', '2007-01-15', '2007-02-19', '2007-04-06', '2007-05-28', '2007-07-04', '2007-09-03', '2007-11-22', '2007-12-25'],
  2012: ['2012-01-02', '2012-01-16', '2012-02-20', '2012-04-06', '2012-05-28', '2012-07-04', '2012-09-03',
    '2012-10-29', '2012-10-30', '2012-11-22', '2012-12-25'],
  2018: ['2018-01-01', '2018-01-15', '2018-02-19', '2018-03-30', '2018-05-28', '2018-07-04', '2018-09-03', '2018-11-22', '2018-12-05', '2018-12-25'],
  // Juneteenth from 2022 (Sunday June 19 → Monday); Jan 1 on a Saturday is not observed.
  2022: ['2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26'],
  2024: ['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25'],
  2025: ['2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25'],
  2026: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'],
  // Juneteenth on a Saturday → Friday June 18.
  2027: ['2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24'],
  2030: ['2030-01-01', '2030-01-21', '2030-02-18', '2030-04-19', '2030-05-27', '2030-06-19', '2030-07-04', '2030-09-02', '2030-11-28', '2030-12-25'],
};

/** Trading days per year, as NYSE reports them. */
const SESSION_COUNTS: Record<number, number> = { 1990: 253, 2001: 248, 2012: 250, 2018: 251, 2022: 251, 2024: 252, 2025: 250 };

describe('XNYS holidays', () => {
  for (const [year, holidays] of Object.entries(HOLIDAYS)) {
    it(`closes on exactly the NYSE holidays and closures of ${year}`, () => {
      assert.deepEqual(weekdayClosures(Number(year)), holidays);
    });
  }

  for (const [year, count] of Object.entries(SESSION_COUNTS)) {
    it(`has ${count} sessions in ${year}`, () => {
      assert.equal(xnys.sessions(`${year}-01-01`, `${year}-12-31`).length, count);
    });
  }

  it('keeps December 31 a trading day when New Year falls on a Saturday', () => {
    for (const date of ['1993-12-31', '1999-12-31', '2004-12-31', '2010-12-31', '2021-12-31']) {
      assert.notEqual(xnys.session(date), null, date);
    }
  });

  it('observes nothing on a weekend', () => {
    assert.equal(xnys.session('2025-07-05'), null);
    assert.equal(xnys.session('2025-07-06'), null);
  });
});

/** [date, local close 'HH:MM'] for every session of the year that is not a full 09:30–16:00 one. */
const SHORT_SESSIONS: Record<number, Array<[string, string]>> = {
  1990: [['1990-12-24', '14:00']],
  1991: [['1991-12-24', '14:00']],
  1992: [['1992-11-27', '14:00'], ['1992-12-24', '14:00']],
  1993: [['1993-11-26', '13:00']],
  1995: [['1995-07-03', '13:00'], ['1995-11-24', '13:00']],
  1996: [['1996-01-08', '14:00'], ['1996-07-05', '13:00'], ['1996-11-29', '13:00'], ['1996-12-24', '13:00']],
  1997: [['1997-07-03', '13:00'], ['1997-10-27', '15:30'], ['1997-11-28', '13:00'], ['1997-12-24', '13:00'], ['1997-12-26', '13:00']],
  2002: [['2002-07-05', '13:00'], ['2002-11-29', '13:00'], ['2002-12-24', '13:00']],
  2003: [['2003-07-03', '13:00'], ['2003-11-28', '13:00'], ['2003-12-24', '13:00'], ['2003-12-26', '13:00']],
  2008: [['2008-07-03', '13:00'], ['2008-11-28', '13:00'], ['2008-12-24', '13:00']],
  2013: [['2013-07-03', '13:00'], ['2013-11-29', '13:00'], ['2013-12-24', '13:00']],
  2019: [['2019-07-03', '13:00'], ['2019-11-29', '13:00'], ['2019-12-24', '13:00']],
  2020: [['2020-11-27', '13:00'], ['2020-12-24', '13:00']],
  2021: [['2021-11-26', '13:00']],
  2024: [['2024-07-03', '13:00'], ['2024-11-29', '13:00'], ['2024-12-24', '13:00']],
  2025: [['2025-07-03', '13:00'], ['2025-11-28', '13:00'], ['2025-12-24', '13:00']],
  2026: [['2026-11-27', '13:00'], ['2026-12-24', '13:00']],
  2030: [['2030-07-03', '13:00'], ['2030-11-29', '13:00'], ['2030-12-24', '13:00']],
};

const localTime = (ms: number): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

describe('XNYS early closes', () => {
  for (const [year, expected] of Object.entries(SHORT_SESSIONS)) {
    it(`closes early on exactly the known days of ${year}`, () => {
      const short = xnys
        .sessions(`${year}-01-01`, `${year}-12-31`)
        .filter((s) => localTime(s.close) !== '16:00')
        .map((s) => [s.date, localTime(s.close)]);
      assert.deepEqual(short, expected);
    });
  }

  it('flags an early close and gives its instant in UTC', () => {
    assert.deepEqual(xnys.session('2025-07-03'), {
      date: '2025-07-03', open: at('2025-07-03T13:30:00Z'), close: at('2025-07-03T17:00:00Z'), earlyClose: true,
    });
    assert.deepEqual(xnys.session('2025-11-28'), {
      date: '2025-11-28', open: at('2025-11-28T14:30:00Z'), close: at('2025-11-28T18:00:00Z'), earlyClose: true,
    });
    assert.equal(xnys.session('2025-07-02')?.earlyClose, false);
  });

  it('opens late on the first anniversary of September 11', () => {
    const session = xnys.session('2002-09-11');
    assert.equal(session && iso(session.open), '2002-09-11T16:00:00.000Z');
    assert.equal(session?.earlyClose, false);
  });
});

/** Opens in UTC of the two weeks around each DST change: 14:30Z under EST, 13:30Z under EDT. */
const DST_WEEKS: Array<{ title: string; from: string; to: string; opens: string[] }> = [
  { title: 'spring 2006 (first Sunday of April)', from: '2006-03-27', to: '2006-04-07', opens: ['14:30', '14:30', '14:30', '14:30', '14:30', '13:30', '13:30', '13:30', '13:30', '13:30'] },
  { title: 'autumn 2006 (last Sunday of October)', from: '2006-10-23', to: '2006-11-03', opens: ['13:30', '13:30', '13:30', '13:30', '13:30', '14:30', '14:30', '14:30', '14:30', '14:30'] },
  { title: 'spring 2025 (second Sunday of March)', from: '2025-03-03', to: '2025-03-14', opens: ['14:30', '14:30', '14:30', '14:30', '14:30', '13:30', '13:30', '13:30', '13:30', '13:30'] },
  { title: 'autumn 2025 (first Sunday of November)', from: '2025-10-27', to: '2025-11-07', opens: ['13:30', '13:30', '13:30', '13:30', '13:30', '14:30', '14:30', '14:30', '14:30', '14:30'] },
];

describe('XNYS across DST changes', () => {
  for (const week of DST_WEEKS) {
    it(`opens at 09:30 New York time through ${week.title}`, () => {
      const sessions = xnys.sessions(week.from, week.to);
      assert.deepEqual(sessions.map((s) => iso(s.open).slice(11, 16)), week.opens);
      for (const s of sessions) assert.equal(s.close - s.open, 6.5 * 3_600_000, s.date);
    });
  }
});

describe('XNYS next and previous', () => {
  it('finds the next open across a weekend and a holiday', () => {
    // Thursday July 3 2025 after the 13:00 close → Friday July 4 holiday → Monday July 7.
    assert.equal(iso(xnys.nextOpen(at('2025-07-03T17:00:00Z'))), '2025-07-07T13:30:00.000Z');
    // Good Friday 2025 → Monday April 21.
    assert.equal(iso(xnys.nextOpen(at('2025-04-17T21:00:00Z'))), '2025-04-21T13:30:00.000Z');
    // Carter's day of mourning: Wednesday Jan 8 → Friday Jan 10.
    assert.equal(iso(xnys.nextOpen(at('2025-01-08T21:00:00Z'))), '2025-01-10T14:30:00.000Z');
  });

  it('gives an open strictly after the instant, even at an open', () => {
    assert.equal(iso(xnys.nextOpen(at('2025-07-07T13:30:00Z'))), '2025-07-08T13:30:00.000Z');
    assert.equal(iso(xnys.nextOpen(at('2025-07-07T13:29:59.999Z'))), '2025-07-07T13:30:00.000Z');
  });

  it('gives the close of the session in progress, honouring early closes', () => {
    assert.equal(iso(xnys.nextClose(at('2025-07-03T15:00:00Z'))), '2025-07-03T17:00:00.000Z');
    assert.equal(iso(xnys.nextClose(at('2025-12-24T15:00:00Z'))), '2025-12-24T18:00:00.000Z');
    // After Wednesday's early close the next close is Friday's (Christmas Thursday).
    assert.equal(iso(xnys.nextClose(at('2025-12-24T18:00:00Z'))), '2025-12-26T21:00:00.000Z');
  });

  it('gives the last close at or before the instant', () => {
    assert.equal(iso(xnys.previousClose(at('2025-07-07T12:00:00Z'))), '2025-07-03T17:00:00.000Z');
    assert.equal(iso(xnys.previousClose(at('2025-07-03T17:00:00Z'))), '2025-07-03T17:00:00.000Z');
    assert.equal(iso(xnys.previousClose(at('2025-07-03T16:59:59Z'))), '2025-07-02T20:00:00.000Z');
    assert.equal(iso(xnys.previousClose(at('2012-10-31T12:00:00Z'))), '2012-10-26T20:00:00.000Z');
  });

  it('is open from the open up to, not including, the close', () => {
    assert.equal(xnys.isOpen(at('2025-03-10T13:29:59Z')), false);
    assert.equal(xnys.isOpen(at('2025-03-10T13:30:00Z')), true);
    assert.equal(xnys.isOpen(at('2025-03-10T19:59:59Z')), true);
    assert.equal(xnys.isOpen(at('2025-03-10T20:00:00Z')), false);
    assert.equal(xnys.isOpen(at('2025-07-03T17:30:00Z')), false);
    assert.equal(xnys.isOpen(at('2025-07-04T15:00:00Z')), false);
  });
});

describe('XNAS', () => {
  it('follows the NYSE calendar session for session, 1990–2030', () => {
    const xnas = createXnas();
    assert.equal(xnas.name, 'XNAS');
    assert.equal(xnas.timezone, 'America/New_York');
    assert.deepEqual(xnas.sessions('1990-01-01', '2030-12-31'), xnys.sessions('1990-01-01', '2030-12-31'));
  });

  it('is reachable by name, as are the others', () => {
    assert.equal(calendarByName('XNAS').name, 'XNAS');
    assert.equal(calendarByName('xnys').name, 'XNYS');
    assert.equal(xnys.dataHorizon, '2030-12-31');
  });
});
