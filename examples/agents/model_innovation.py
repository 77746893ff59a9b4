#!/usr/bin/env python3
"""Model innovation agent: an example command agent for the Evolve Orchestrator.

Protocol (docs/agent-protocol.md): read ONE JSON request line on stdin, write JSON lines on
stdout -- progress and log lines, then exactly one {"result": ...} or {"error": "..."} line --
and exit 0 on success. Diagnostics go to stderr. Python's stdout is block-buffered when it is a
pipe, so every line is flushed, or progress would only arrive at exit.

What it does: fits a few forecasting models to a time series and reports the one with the lowest
error on a held-out validation window, with a forecast from that model refitted on all the data.

Parameters (all optional):
  series          list of numbers to model; without it a series is generated (trend, yearly
                  season, noise) from `seed` and `length`
  seed            random seed for the generated series (default 42)
  length          length of the generated series (default 120)
  horizon         validation window and forecast length (default: a fifth of the series, >= 4)
  season_length   period of the seasonal models (default 12)
  pause_seconds   sleep before each model fit, to imitate a long fit (default 0)

Standard library only. Try it:
  echo '{"task":"model_innovation","parameters":{"seed":7}}' | python3 model_innovation.py
"""

import json
import math
import random
import signal
import sys
import time
from datetime import datetime, timezone

# Seconds kept in hand before the deadline: past it, the remaining candidates are skipped so that
# the agent still reports its best model instead of being killed with nothing.
DEADLINE_MARGIN_S = 2.0


def emit(line):
    sys.stdout.write(json.dumps(line, allow_nan=False) + "\n")
    sys.stdout.flush()


def progress(fraction, message):
    emit({"progress": round(fraction, 4), "message": message})


def log(message, level="info"):
    emit({"log": message, "level": level})


def on_sigterm(signum, _frame):
    # The orchestrator sends SIGTERM on timeout, cancellation or shutdown, and SIGKILL after a
    # grace period: stop now. Raising SystemExit still runs `finally` blocks.
    sys.stderr.write("model_innovation: stopping on SIGTERM\n")
    sys.stderr.flush()
    sys.exit(128 + signum)


class AgentError(Exception):
    """A failure the agent reports with an {"error": ...} line and exit code 1."""


class BadParameters(AgentError):
    def __init__(self, message):
        super().__init__("invalid parameters: " + message)


# --- data ---------------------------------------------------------------------------------------


def generated_series(seed, length, season_length):
    rng = random.Random(seed)
    level, slope = 100.0, rng.uniform(-0.5, 1.0)
    amplitude = rng.uniform(2.0, 8.0)
    return [
        level + slope * t + amplitude * math.sin(2 * math.pi * t / season_length) + rng.gauss(0, 1.5)
        for t in range(length)
    ]


def number(parameters, name, default, kind=int):
    value = parameters.get(name, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadParameters("%s must be a number, got %s" % (name, json.dumps(value)))
    return kind(value)


def read_series(parameters):
    season_length = number(parameters, "season_length", 12)
    if season_length < 2:
        raise BadParameters("season_length must be at least 2")
    if "series" in parameters:
        series = parameters["series"]
        if not isinstance(series, list) or not all(
            isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in series
        ):
            raise BadParameters("series must be a list of finite numbers")
        source = "parameters.series"
    else:
        seed = parameters.get("seed", 42)
        length = number(parameters, "length", 120)
        if length < 8 or length > 100_000:
            raise BadParameters("length must be between 8 and 100000")
        series = generated_series(seed, length, season_length)
        source = "generated (seed=%s, length=%d)" % (seed, length)
    if len(series) < 8:
        raise BadParameters("series needs at least 8 points, got %d" % len(series))
    horizon = number(parameters, "horizon", max(4, len(series) // 5))
    if horizon < 1 or horizon > len(series) - 4:
        raise BadParameters("horizon must be between 1 and %d (len(series) - 4), got %d" % (len(series) - 4, horizon))
    return [float(x) for x in series], source, horizon, season_length


# --- models: fit(train) -> (params, forecast(h) -> list) ----------------------------------------


def fit_naive(train, _season):
    last = train[-1]
    return {}, lambda h: [last] * h


def fit_mean(train, _season):
    mean = sum(train) / len(train)
    return {}, lambda h: [mean] * h


def fit_linear_trend(train, _season):
    """Ordinary least squares y = a + b*t."""
    n = len(train)
    t_mean = (n - 1) / 2
    y_mean = sum(train) / n
    sxx = sum((t - t_mean) ** 2 for t in range(n))
    sxy = sum((t - t_mean) * (y - y_mean) for t, y in enumerate(train))
    slope = sxy / sxx
    intercept = y_mean - slope * t_mean
    return {"intercept": intercept, "slope": slope}, lambda h: [intercept + slope * (n + k) for k in range(h)]


def fit_seasonal_naive(train, season):
    if len(train) < season:
        return None
    last_season = train[-season:]
    return {"season_length": season}, lambda h: [last_season[k % season] for k in range(h)]


def ses_sse(train, alpha):
    level, sse = train[0], 0.0
    for y in train[1:]:
        sse += (y - level) ** 2
        level = alpha * y + (1 - alpha) * level
    return sse, level


def fit_exponential_smoothing(train, _season):
    """Simple exponential smoothing; alpha chosen by one-step-ahead squared error on the train set."""
    alphas = [i / 20 for i in range(1, 20)]
    alpha = min(alphas, key=lambda a: ses_sse(train, a)[0])
    level = ses_sse(train, alpha)[1]
    return {"alpha": alpha}, lambda h: [level] * h


def holt_sse(train, alpha, beta):
    level, trend, sse = train[0], train[1] - train[0], 0.0
    for y in train[1:]:
        sse += (y - (level + trend)) ** 2
        previous = level
        level = alpha * y + (1 - alpha) * (level + trend)
        trend = beta * (level - previous) + (1 - beta) * trend
    return sse, level, trend


def fit_holt(train, _season):
    """Holt's linear trend (double exponential smoothing), alpha and beta by grid search."""
    grid = [i / 10 for i in range(1, 10)]
    alpha, beta = min(((a, b) for a in grid for b in grid), key=lambda ab: holt_sse(train, *ab)[0])
    _, level, trend = holt_sse(train, alpha, beta)
    return {"alpha": alpha, "beta": beta}, lambda h: [level + trend * (k + 1) for k in range(h)]


MODELS = [
    ("naive", fit_naive),
    ("mean", fit_mean),
    ("linear_trend", fit_linear_trend),
    ("seasonal_naive", fit_seasonal_naive),
    ("exponential_smoothing", fit_exponential_smoothing),
    ("holt", fit_holt),
]


def errors(actual, predicted):
    residuals = [a - p for a, p in zip(actual, predicted)]
    rmse = math.sqrt(sum(r * r for r in residuals) / len(residuals))
    mae = sum(abs(r) for r in residuals) / len(residuals)
    return rmse, mae


def rounded(params):
    return {k: round(v, 6) if isinstance(v, float) else v for k, v in params.items()}


# --- main ---------------------------------------------------------------------------------------


def seconds_left(deadline):
    if not deadline:
        return math.inf
    when = datetime.fromisoformat(deadline.replace("Z", "+00:00"))
    return (when - datetime.now(timezone.utc)).total_seconds()


def innovate(request):
    parameters = request.get("parameters") or {}
    series, source, horizon, season = read_series(parameters)
    pause = number(parameters, "pause_seconds", 0, float)
    train, validation = series[:-horizon], series[-horizon:]
    log("modelling %d points from %s: %d to fit, %d to validate" % (len(series), source, len(train), horizon))
    progress(0.05, "data ready")

    candidates = []
    for index, (name, fit) in enumerate(MODELS):
        if seconds_left(request.get("deadline")) < DEADLINE_MARGIN_S + pause:
            log("deadline near: skipping %s and later models" % name, "warning")
            break
        if pause > 0:
            time.sleep(pause)
        fitted = fit(train, season)
        if fitted is None:
            log("%s skipped: the fit window is shorter than one season" % name, "debug")
            continue
        params, forecast = fitted
        rmse, mae = errors(validation, forecast(horizon))
        candidates.append({"model": name, "params": rounded(params), "rmse": round(rmse, 6), "mae": round(mae, 6)})
        progress(0.05 + 0.85 * (index + 1) / len(MODELS), "%s: validation RMSE %.4f" % (name, rmse))

    if not candidates:
        raise AgentError("the deadline came before any model could be fitted")
    best = min(candidates, key=lambda c: c["rmse"])
    refit_params, refit_forecast = dict(MODELS)[best["model"]](series, season)
    progress(1.0, "best model: %s" % best["model"])
    return {
        "status": "success",
        "task": request.get("task"),
        "run_id": request.get("runId"),
        "attempt": request.get("attempt"),
        "data": source,
        "n_observations": len(series),
        "horizon": horizon,
        "best_model": best["model"],
        "best_params": rounded(refit_params),
        "validation": {"rmse": best["rmse"], "mae": best["mae"]},
        "candidates": sorted(candidates, key=lambda c: c["rmse"]),
        "forecast": [round(x, 6) for x in refit_forecast(horizon)],
    }


def main():
    signal.signal(signal.SIGTERM, on_sigterm)
    line = sys.stdin.readline()
    try:
        request = json.loads(line)
        if not isinstance(request, dict):
            raise ValueError("the request is not a JSON object")
    except ValueError as error:
        sys.stderr.write("model_innovation: cannot read the request line: %s\n" % error)
        emit({"error": "the request on stdin is not a JSON object: %s" % error})
        return 2
    try:
        result = innovate(request)
    except AgentError as error:
        emit({"error": str(error)})
        return 1
    emit({"result": result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
