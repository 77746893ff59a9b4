/**
 * Days since 1990 on which NYSE departed from its rules without notice: full closures and
 * shortened sessions. Nasdaq closed and shortened on the same days.
 *
 * Sources: NYSE, "Closings of the Exchange" history (nyse.com/pdfs/closings.pdf, as compiled in
 * the NYSE-Closings PDF attached to pandas_market_calendars issue #124 and encoded in
 * pandas_market_calendars/holidays/nyse.py and exchange_calendars' XNYS); NYSE press releases
 * for each national day of mourning (1994, 2004, 2007, 2018, 2025) and for Hurricane Sandy.
 *
 * Left out on purpose: the one-to-three-minute delayed opens for moments of silence (1991-01-17,
 * 1991-02-25, 2001-09-17, 2001-10-08, 2003-03-20, 2004-06-07, 2006-12-27) and 1990-12-27's 9:31
 * open, which no schedule can usefully act on; and 1999-12-31, which older calendars list as a
 * 13:00 close but the NYSE closings history does not (treated as a full session).
 */

/** A date on which the exchange did not open although its rules say it should have. */
export interface UnscheduledClosure {
  readonly date: string;
  readonly reason: string;
}

export const NYSE_UNSCHEDULED_CLOSURES: readonly UnscheduledClosure[] = [
  { date: '1994-04-27', reason: 'National day of mourning: funeral of President Richard Nixon' },
  { date: '2001-09-11', reason: 'Terrorist attacks on the World Trade Center' },
  { date: '2001-09-12', reason: 'Terrorist attacks on the World Trade Center' },
  { date: '2001-09-13', reason: 'Terrorist attacks on the World Trade Center' },
  { date: '2001-09-14', reason: 'Terrorist attacks on the World Trade Center' },
  { date: '2004-06-11', reason: 'National day of mourning: funeral of President Ronald Reagan' },
  { date: '2007-01-02', reason: 'National day of mourning: funeral of President Gerald Ford' },
  { date: '2012-10-29', reason: 'Hurricane Sandy' },
  { date: '2012-10-30', reason: 'Hurricane Sandy' },
  { date: '2018-12-05', reason: 'National day of mourning: funeral of President George H. W. Bush' },
  { date: '2025-01-09', reason: 'National day of mourning: funeral of President Jimmy Carter' },
];

/** A session with irregular hours, in minutes after local midnight (09:30 = 570). */
export interface IrregularSession {
  readonly date: string;
  readonly open: number;
  readonly close: number;
  readonly reason: string;
}

export const NYSE_IRREGULAR_SESSIONS: readonly IrregularSession[] = [
  { date: '1994-02-11', open: 570, close: 870, reason: 'Snowstorm: closed at 14:30' },
  { date: '1996-01-08', open: 660, close: 840, reason: 'Snowstorm: opened at 11:00, closed at 14:00' },
  { date: '1997-10-27', open: 570, close: 930, reason: 'Circuit breaker halted trading for the day at 15:30' },
  { date: '1997-12-26', open: 570, close: 780, reason: 'Friday after Christmas: closed at 13:00' },
  { date: '2002-09-11', open: 720, close: 960, reason: 'First anniversary of the September 11 attacks: opened at 12:00' },
  { date: '2003-12-26', open: 570, close: 780, reason: 'Friday after Christmas: closed at 13:00' },
];
