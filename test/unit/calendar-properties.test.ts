/**
 * Properties of every calendar over 1990–2030: no XNYS session on a weekend, a close after each
 * open, nextOpen lands on a session open strictly after the instant, isOpen agrees with the
 * session containing the instant, and sessions(from, to) is ordered and within its range.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createAlwaysOpenCalendar, createWeekdaysCalendar, createXnys, defineCalendar, type Calendar } from '../../src/calendar/index.js';

const FROM = Date.UTC(1990, 0, 1);
const TO = Date.UTC(2030, 11, 31);
const instant = fc.integer({ min: FROM, max: TO });
const date = instant.map((t) => new Date(t).toISOString().slice(0, 10));

const localDate = (calendar: Calendar, t: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: calendar.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);

const calendars: Calendar[] = [
  createXnys(),
  createAlwaysOpenCalendar(),
  createWeekdaysCalendar('Asia/Kolkata'),
  defineCalendar({ name: 'sydney', timezone: 'Australia/Sydney', open: '10:00', close: '16:00', holidays: ['2025-01-27'] }),
];

describe('XNYS properties', () => {
  it('has no session on a weekend', () => {
    const xnys = createXnys();
    fc.assert(
      fc.property(date, (d) => {
        const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
        if (weekday === 0 || weekday === 6) assert.equal(xnys.session(d), null);
      }),
      { numRuns: 2_000 },
    );
  });
});

for (const calendar of calendars) {
  describe(`${calendar.name} properties`, () => {
    it("closes every session after it opens, on the session's own local date", () => {
      fc.assert(
        fc.property(date, (d) => {
          const session = calendar.session(d);
          if (session === null) return;
          assert.ok(session.close > session.open);
          assert.equal(session.date, d);
          assert.equal(localDate(calendar, session.open), d);
        }),
        { numRuns: 1_000 },
      );
    });

    it('gives a next open that is a session open strictly after the instant, with no open between', () => {
      fc.assert(
        fc.property(instant, (t) => {
          const next = calendar.nextOpen(t);
          assert.ok(next > t);
          const session = calendar.session(localDate(calendar, next));
          assert.equal(session?.open, next);
          // Nothing opened in between: the instant's own session, if any, opened at or before it.
          const current = calendar.session(localDate(calendar, t));
          if (current !== null && current.open > t) assert.equal(current.open, next);
        }),
        { numRuns: 1_000 },
      );
    });

    it('agrees in isOpen with the session containing the instant, and in nextClose/previousClose', () => {
      fc.assert(
        fc.property(instant, (t) => {
          const session = calendar.session(localDate(calendar, t));
          const inside = session !== null && session.open <= t && t < session.close;
          assert.equal(calendar.isOpen(t), inside);
          if (inside) assert.equal(calendar.nextClose(t), session.close);
          assert.ok(calendar.nextClose(t) > t);
          assert.ok(calendar.previousClose(t) <= t);
          assert.equal(calendar.isOpen(calendar.nextOpen(t)), true);
        }),
        { numRuns: 1_000 },
      );
    });

    it('lists sessions in order, within the range, one per date', () => {
      fc.assert(
        fc.property(date, fc.integer({ min: 0, max: 40 }), (from, span) => {
          const to = new Date(Date.parse(`${from}T00:00:00Z`) + span * 86_400_000).toISOString().slice(0, 10);
          const sessions = calendar.sessions(from, to);
          for (const [i, s] of sessions.entries()) {
            assert.ok(s.date >= from && s.date <= to);
            const previous = sessions[i - 1];
            if (previous !== undefined) assert.ok(previous.date < s.date && previous.close <= s.open);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
}
