/**
 * Plain-language explanations of journal entries, one template per kind, citing the numbers that
 * drove the decision. A template uses the facts it knows (names below, aliases accepted) and
 * lists any other number under "Other figures", so no figure is lost; when a fact it needs is
 * missing, the entry's own summary leads instead.
 *
 * Fact names (fractions for weights and percentages, dollars for money), as the components write
 * them:
 * - trade (ExecutionAgent): side, quantity, price, referencePrice, priceDate, slippageBps,
 *   slippageCost, commission, notional, realizedPnl, reason (the order's kind: rebalance,
 *   stop_loss, trailing_stop, signal), orderReason (the planner's sentence); optionally
 *   weightBefore and targetWeight.
 * - model_choice (ModelInnovationAgent): chosen, chosenScore, previous, previousScore, metric,
 *   horizon, folds, reason (validation | innovation | pinned), candidate, candidateScore, adopted.
 * - risk_action (RiskManager): action, metric, value, limit, plus the stop's levels.
 * - rebalance (PortfolioManager): equity, maxDrift, threshold, orders, turnover, orderList.
 * - allocation (StrategyResearchAgent): invested, reason, allocations [{ symbol, strategy, sharpe, weight }].
 * - news_event (SentimentAnalyzer): date, score, previous, change, z, count, trigger, headlines.
 */
import type { JournalEntry, JournalKind } from '../core/platform-journal.js';
import { FactReader, formatByName, words } from './fact-reader.js';
import { formatMoney, formatNumber, formatPercent, formatPrice, formatQuantity, formatSigned } from './figure-format.js';

const REASONS: Readonly<Record<string, string>> = {
  rebalance: 'to rebalance',
  stop_loss: 'because its stop-loss was hit',
  trailing_stop: 'because its trailing stop was hit',
  risk_limit: 'to bring it back within the risk limits',
  signal: "on the strategy's signal",
};

type Sentences = string[] | null;

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
const records = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : []);

function tradeSentences(entry: JournalEntry, f: FactReader, placed: boolean): Sentences {
  const side = f.str('side');
  const quantity = f.num('quantity', 'qty', 'shares');
  const price = f.num('price', 'fillPrice', 'limitPrice');
  if (side === null || quantity === null || price === null || entry.symbol === null) return null;
  const buy = side.toLowerCase() === 'buy';
  const verb = placed ? `Placed an order to ${buy ? 'buy' : 'sell'}` : buy ? 'Bought' : 'Sold';
  const costs: string[] = [];
  const reference = f.num('referencePrice');
  const priceDate = f.str('priceDate');
  if (reference !== null) costs.push(`close ${formatPrice(reference)}${priceDate === null ? '' : ` on ${priceDate}`}`);
  const bps = f.num('slippageBps');
  const slippage = bps !== null ? bps / 10_000 : f.num('slippage');
  const slippageCost = f.num('slippageCost');
  if (slippage !== null) costs.push(`${formatPercent(slippage)} slippage${slippageCost === null ? '' : ` costing ${formatMoney(slippageCost)}`}`);
  const commission = f.num('commission', 'fee', 'fees');
  if (commission !== null) costs.push(`${formatMoney(commission)} commission`);
  const kind = f.str('reason', 'kind');
  const weight = f.num('weightBefore', 'currentWeight');
  const target = f.num('targetWeight', 'target');
  const context = weight !== null && target !== null ? `: ${entry.symbol} was ${formatPercent(weight)} of equity against a ${formatPercent(target)} target` : '';
  const why = kind === null ? '' : ` ${REASONS[kind] ?? `(${kind.replace(/_/g, ' ')})`}`;
  const sentences = [`${verb} ${formatQuantity(quantity)} ${entry.symbol} at ${formatPrice(price)}${costs.length > 0 ? ` (${costs.join(', ')})` : ''}${why}${context}.`];
  const orderReason = f.str('orderReason');
  if (orderReason !== null && context === '') sentences.push(sentence(orderReason));
  const pnl = f.num('realizedPnl');
  if (pnl !== null && pnl !== 0) sentences.push(`The sale realised a ${pnl > 0 ? 'profit' : 'loss'} of ${formatMoney(Math.abs(pnl))}.`);
  f.num('notional');
  return sentences;
}

function modelSentences(entry: JournalEntry, f: FactReader): Sentences {
  const chosen = f.str('chosen', 'model');
  if (chosen === null) return null;
  const previous = f.str('previous', 'previousModel', 'incumbent');
  const metric = (f.str('metric') ?? 'mase').toUpperCase();
  const score = f.num('chosenScore', 'mase', 'score');
  const previousScore = f.num('previousScore', 'previousMase', 'incumbentScore');
  const candidate = f.str('candidate');
  const candidateScore = f.num('candidateScore');
  const adopted = f.raw('adopted');
  const reason = f.str('reason');
  const folds = f.num('folds');
  const horizon = f.num('horizon', 'horizonDays');
  const over = `${folds === null ? '' : ` over ${formatQuantity(folds)} rolling origins`}${horizon === null ? '' : ` of ${formatQuantity(horizon)} sessions ahead`}`;
  const who = entry.symbol ?? 'The platform';
  if (candidate !== null && adopted === false && candidateScore !== null) {
    const against = previousScore === null ? '' : ` against ${formatNumber(previousScore, 3)}${previous === null ? '' : ` for ${previous}`}`;
    return [`${who}: the candidate ${candidate} scored a ${metric} of ${formatNumber(candidateScore, 3)}${against}${over}; it joins the registry but was not adopted (another candidate did better, or the gain was under the margin).`];
  }
  const switched = previous !== null && previous !== chosen;
  const lead =
    reason === 'pinned'
      ? `${who} was set by hand to forecast with ${chosen}.`
      : switched
        ? `${who} now forecasts with ${chosen}, replacing ${previous}.`
        : `${who} forecasts with ${chosen}${previous === chosen ? ', kept after re-validation' : ''}.`;
  if (score === null) return [lead];
  const against =
    previousScore !== null && previousScore > 0 && previous !== chosen
      ? `, against ${formatNumber(previousScore, 3)} for ${previous ?? 'the previous model'} (${formatPercent(1 - score / previousScore)} lower)`
      : '';
  const naive = metric === 'MASE' ? `; below 1 means it beat the naive forecast` : '';
  return [lead, `Its validation ${metric} was ${formatNumber(score, 3)}${over}${against}${naive}.`];
}

function riskSentences(entry: JournalEntry, f: FactReader): Sentences {
  const action = f.str('action');
  const value = f.num('value', 'observed');
  const limit = f.num('limit', 'threshold');
  const metric = (f.str('metric', 'limitKind') ?? 'measure').replace(/^max_/, '');
  const lead = `Risk action${action === null ? '' : ` (${action.replace(/_/g, ' ')})`}${entry.symbol === null ? '' : ` on ${entry.symbol}`}: ${entry.summary}`;
  const breaches = records(f.raw('breaches'));
  if (value === null || limit === null) return [lead];
  const fmt = (v: number) => (metric === 'measure' ? formatNumber(v, 4) : formatByName(metric, v));
  const cause =
    metric === 'price'
      ? `The price was ${fmt(value)} against a stop level of ${fmt(limit)}.`
      : `The ${words(metric)} stood at ${fmt(value)} against a limit of ${fmt(limit)}${breaches.length > 1 ? `, the largest of ${breaches.length} breaches` : ''}.`;
  return [lead, cause];
}

function rebalanceSentences(entry: JournalEntry, f: FactReader): Sentences {
  const drift = f.num('maxDrift', 'drift');
  const threshold = f.num('threshold');
  const orders = f.num('orders', 'orderCount');
  if (drift === null && orders === null) return null;
  const equity = f.num('equity');
  const turnover = f.num('turnover');
  const list = records(f.raw('orderList')).map((o) => `${String(o['side'])} ${formatQuantity(Number(o['quantity']))} ${String(o['symbol'])}`);
  const why = drift === null ? '' : ` because the largest drift from the target weights was ${formatPercent(Math.abs(drift))}${threshold === null ? '' : ` against a ${formatPercent(threshold)} threshold`}`;
  const what = orders === null ? '' : `: ${formatQuantity(orders)} order${orders === 1 ? '' : 's'}${turnover === null ? '' : ` trading ${formatMoney(turnover)}`}${list.length > 0 ? ` (${list.slice(0, 8).join(', ')})` : ''}`;
  return [`Rebalanced the ${equity === null ? '' : `${formatMoney(equity)} `}portfolio${why}${what}.`];
}

function allocationSentences(entry: JournalEntry, f: FactReader): Sentences {
  const allocations = records(f.raw('allocations'));
  const invested = f.num('invested');
  const reason = f.str('reason');
  if (allocations.length > 0 && invested !== null) {
    const held = allocations
      .filter((a) => typeof a['weight'] === 'number' && a['weight'] > 0)
      .map((a) => `${String(a['symbol'])} ${formatPercent(Number(a['weight']))} (${String(a['strategy'])}${typeof a['sharpe'] === 'number' ? `, Sharpe ${formatNumber(a['sharpe'])}` : ''})`);
    const lead = `Set the target weights to invest ${formatPercent(invested)} of equity${held.length > 0 ? `: ${held.join(', ')}` : ', holding cash: no strategy had a positive Sharpe ratio and an active signal'}.`;
    return reason === null ? [lead] : [lead, `Rule: ${reason}.`];
  }
  const strategy = f.str('strategy');
  const weight = f.num('weight', 'allocation');
  if (strategy === null || weight === null) return null;
  const previous = f.num('previousWeight');
  const sharpe = f.num('sharpe');
  return [`Allocated ${formatPercent(weight)} of capital to ${strategy}${previous === null ? '' : ` (was ${formatPercent(previous)})`}${sharpe === null ? '' : `, on a backtested Sharpe ratio of ${formatNumber(sharpe)}`}.`];
}

function newsSentences(entry: JournalEntry, f: FactReader): Sentences {
  const score = f.num('score');
  const count = f.num('count');
  if (score === null || count === null || entry.symbol === null) return null;
  const date = f.str('date');
  const z = f.num('z');
  const change = f.num('change');
  const previous = f.num('previous');
  f.raw('trigger');
  const direction = (z ?? change ?? score) < 0 ? 'fell' : 'rose';
  const why =
    z !== null
      ? `${formatNumber(Math.abs(z), 1)} standard errors ${z < 0 ? 'below' : 'above'} its 20-day baseline`
      : change !== null
        ? `a move of ${formatSigned(change)} from the previous day's ${formatSigned(previous ?? 0)}`
        : 'a sharp move';
  const sentences = [`${entry.symbol} news sentiment ${direction} sharply${date === null ? '' : ` on ${date}`}: ${formatQuantity(count)} headlines averaged a score of ${formatSigned(score)}, ${why}.`];
  const first = records(f.raw('headlines'))[0];
  if (first !== undefined && typeof first['title'] === 'string') {
    sentences.push(`The strongest headline: "${first['title']}"${typeof first['score'] === 'number' ? ` (${formatSigned(first['score'])})` : ''}.`);
  }
  return sentences;
}

function sentencesFor(entry: JournalEntry, f: FactReader): Sentences {
  const kind: JournalKind = entry.kind;
  switch (kind) {
    case 'trade':
      return tradeSentences(entry, f, false);
    case 'order':
      return tradeSentences(entry, f, true);
    case 'model_choice':
      return modelSentences(entry, f);
    case 'risk_action':
      return riskSentences(entry, f);
    case 'rebalance':
      return rebalanceSentences(entry, f);
    case 'allocation':
      return allocationSentences(entry, f);
    case 'news_event':
      return newsSentences(entry, f);
    default: {
      const exhaustive: never = kind;
      return exhaustive;
    }
  }
}

/** The template explanation of a journal entry. */
export function explanationText(entry: JournalEntry): string {
  let f = new FactReader(entry.facts);
  let sentences = sentencesFor(entry, f);
  if (sentences === null) {
    // The template lacked a fact it needs: the summary leads and every number is listed.
    f = new FactReader(entry.facts);
    sentences = [entry.summary];
  }
  const others = f.others();
  if (others.length > 0) sentences.push(`Other figures: ${others.join(', ')}.`);
  return sentences.join(' ');
}
