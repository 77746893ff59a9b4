import type { Bar, SessionCalendar } from '../market-data/bar.js';
import { nextSessionDates } from '../market-data/session-dates.js';
import { ForecastError } from './forecast-error.js';
import { fitModel, intervals } from './fit-model.js';
import { DEFAULT_CANDIDATES, type Candidate } from './model-spec.js';
import { scaleFor, scoreModels, selectModel, type ErrorMetric, type ModelScore, type ValidationOptions } from './rolling-origin.js';
import { requireHorizon } from './series-checks.js';

/**
 * A symbol's forecast: rolling-origin validation of every candidate on the closing prices (on
 * the log scale), the best by the chosen metric refitted on the whole history, its path over the
 * next sessions of the calendar. Prices are modelled as logs, so `value` is the median forecast
 * price and the intervals are positive and widen upwards more than downwards.
 *
 * Cost, measured (Node 20, one core) on ~2 years of daily bars (496 closes), horizon 7, the five
 * default candidates and 20 origins, i.e. 100 fits: about 100 ms on the first call (JIT warm-up),
 * 25–60 ms after; Holt's Nelder–Mead fits are most of it. Loading the bars from the simulator
 * adds ~40 ms, nearly all of it the calendar computing two years of sessions the first time.
 */

export interface ForecastRequest {
  readonly symbol: string;
  /** Daily bars, oldest first; only closes are used. */
  readonly bars: readonly Bar[];
  /** Sessions ahead (a "7d" forecast is 7 sessions). */
  readonly horizon: number;
  /** Calendar giving the dates of the sessions after the last bar. */
  readonly calendar: SessionCalendar;
  /** Models to choose from. Default DEFAULT_CANDIDATES. */
  readonly candidates?: readonly Candidate[];
  /** Validation settings other than the horizon (defaults as in ValidationOptions). */
  readonly validation?: Omit<ValidationOptions, 'horizon' | 'transform'>;
  /** Most recent bars used, fitting and validation alike. Default 504 (two years). */
  readonly history?: number;
}

export interface ForecastPoint {
  /** Session date, 'YYYY-MM-DD'. */
  readonly date: string;
  /** Median forecast close. */
  readonly value: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
}

/** One model's validation figures, or why it failed. */
export type ModelValidation =
  | { readonly kind: 'scored'; readonly mae: number; readonly rmse: number; readonly mase: number; readonly coverage80: number; readonly coverage95: number }
  | { readonly kind: 'failed'; readonly error: string };

export interface Forecast {
  readonly symbol: string;
  /** Name of the chosen candidate ('holt-damped', 'ar(aic:5)@250'). */
  readonly model: string;
  /** Its parameters as fitted on the whole history. */
  readonly params: Readonly<Record<string, number>>;
  readonly horizonDays: number;
  /** Date of the last bar: the forecast's origin. */
  readonly origin: string;
  /** Close of the last bar. */
  readonly lastClose: number;
  readonly points: ForecastPoint[];
  readonly validation: {
    readonly metric: ErrorMetric;
    /** The chosen model's value of `metric`. */
    readonly value: number;
    /** Origins used. */
    readonly folds: number;
    readonly byModel: Readonly<Record<string, ModelValidation>>;
  };
}

export const DEFAULT_HISTORY = 504;

function summarise(scores: readonly ModelScore[]): Record<string, ModelValidation> {
  const byModel: Record<string, ModelValidation> = {};
  for (const score of scores) {
    byModel[score.candidate.name] = score.kind === 'scored'
      ? { kind: 'scored', mae: score.mae, rmse: score.rmse, mase: score.mase, coverage80: score.coverage80, coverage95: score.coverage95 }
      : { kind: 'failed', error: score.error };
  }
  return byModel;
}

/** Validates the candidates, picks one and forecasts `horizon` sessions after the last bar. */
export function forecastBars(request: ForecastRequest): Forecast {
  requireHorizon(request.horizon);
  const history = request.history ?? DEFAULT_HISTORY;
  const bars = request.bars.slice(-history);
  const last = bars[bars.length - 1];
  if (last === undefined) throw new ForecastError('EVOLVE_FORECAST_INVALID', `no bars to forecast ${request.symbol} from`);
  const closes = bars.map((bar) => bar.close);
  const metric = request.validation?.metric ?? 'mase';
  const validation: ValidationOptions = { ...request.validation, horizon: request.horizon, transform: 'log', metric };
  const scores = scoreModels(closes, request.candidates ?? DEFAULT_CANDIDATES, validation);
  const chosen = selectModel(scores, metric);

  const { forward, inverse } = scaleFor('log', closes);
  const window = chosen.candidate.window;
  const fitted = fitModel(chosen.candidate.spec, window === undefined ? forward : forward.slice(-window));
  const paths = intervals(fitted.forecast(request.horizon), inverse);
  const dates = nextSessionDates(request.calendar, last.date, request.horizon);
  return {
    symbol: request.symbol,
    model: chosen.candidate.name,
    params: fitted.params,
    horizonDays: request.horizon,
    origin: last.date,
    lastClose: last.close,
    points: paths.map((path, i) => ({
      date: dates[i] ?? '',
      value: path.mean,
      lower80: path.lower80,
      upper80: path.upper80,
      lower95: path.lower95,
      upper95: path.upper95,
    })),
    validation: { metric, value: chosen[metric], folds: chosen.folds, byModel: summarise(scores) },
  };
}
