/**
 * The built-in finance lexicon: our own list of the words and phrases that move a headline's tone
 * for a stock, grouped like Loughran and McDonald's categories (positive, negative, uncertainty,
 * litigious) but written and weighted here, not copied from their licensed list.
 *
 * Weights run from ±0.5 (a faint lean: `higher`, `pending`) through ±1 (`rise`, `decline`), ±2
 * (`upgrade`, `lawsuit`, `surge`) to ±3 (`beats estimates`, `bankruptcy`, `going concern`).
 * Phrases carry the meaning their words lack alone: `cut` is −0.5 (costs or guidance?), `cuts
 * guidance` −3 and `cuts costs` +0.5. Words are stemmed (tokenizer.ts), so one form covers the
 * inflections; irregular forms (rose, fell, sank, won) are listed themselves.
 */
import { Lexicon, type LexiconCategory, type LexiconEntry } from './lexicon.js';

type TermGroup = readonly [category: LexiconCategory, weight: number, terms: string];

const TERM_GROUPS: readonly TermGroup[] = [
  ['positive', 3, 'beats estimates, beats expectations, beats forecasts, tops estimates, tops expectations, crushes estimates, smashes estimates, blows past estimates, record profit, record revenue, record earnings, record sales, blowout quarter, raises guidance, raises outlook, raises forecast, lifts guidance, lifts outlook, boosts guidance, hikes guidance, guidance raised, outlook raised, upgraded to buy, upgrade to buy, upgraded to outperform, upgrade to outperform, upgraded to overweight'],
  ['positive', 2.5, 'soar, soared, skyrocket, surges to record, record high, all time high, exceeds estimates, exceeds expectations, ahead of estimates, above estimates, above expectations, better than expected, stronger than expected, fda approval, wins approval, wins fda approval, wins regulatory approval, regulatory approval, special dividend, dividend increase, raises dividend, hikes dividend, boosts dividend, strong demand, robust demand, returns to profit, swings to profit, narrows loss'],
  ['positive', 2, 'beat, beaten estimates, surpass, outperform, outperformance, upgrade, surge, breakthrough, approval, approve, approved, buyback, share buyback, share repurchase, repurchase program, wins contract, awarded contract, lands contract, secures contract, bullish, upbeat, rebound, turnaround, profitable, profitability, margin expansion, expands margins, accretive, price target raised, raises price target, lifts price target, reaffirms buy, takeover bid, buyout offer, lawsuit dismissed, dismisses lawsuit, wins lawsuit, wins appeal, cleared by regulators, wins patent case, record orders, strongest'],
  ['positive', 1.5, 'jump, rally, climb, gain, gains, strong, stronger, win, won, winner, exceed, optimistic, optimism, robust, boom, booming, blockbuster, overweight, buy rating, accelerate, acceleration, momentum, tailwind, tailwinds, milestone, recovery, recover, upside, strikes deal, halts decline, snaps losing streak, unexpectedly strong, raises stake, expands, expansion, new high, 52 week high'],
  ['positive', 1, 'good, better, rise, rose, risen, advance, grow, grew, grown, growth, improve, improvement, strength, strengthen, positive, confident, confidence, solid, healthy, favorable, favourable, upbeat outlook, benefit, benefits, success, successful, partnership, collaboration, alliance, launch, launches new, innovation, innovative, efficient, efficiency, resilient, resilience, opportunity, opportunities, deal, agreement, contract, award, awarded, reaffirms guidance, reaffirms outlook, maintains guidance, on track, lift, boost, gains ground, higher, upbeat guidance, inflow, inflows, demand, orders, backlog grows, attractive, undervalued, top pick, cheap valuation'],
  ['positive', 0.5, 'up, edges higher, inches up, steady, stable, stabilize, meets estimates, in line with estimates, in line with expectations, cuts costs, cost cuts, cost savings, rate cut, settles lawsuit, settlement reached, dividend, hire, hiring, invest, investment, upgrade cycle, new product, ahead'],

  ['negative', -3, 'misses estimates, misses expectations, misses forecasts, falls short of estimates, falls short of expectations, cuts guidance, cuts outlook, cuts forecast, lowers guidance, lowers outlook, lowers forecast, slashes guidance, slashes outlook, slashes forecast, withdraws guidance, suspends guidance, guidance cut, outlook cut, profit warning, downgraded to sell, downgrade to sell, downgraded to underperform, downgrade to underperform, downgraded to underweight, bankruptcy, bankrupt, chapter 11, insolvency, insolvent, going concern, going concern doubt, files for bankruptcy, default, defaults on debt, accounting fraud, fraud, ponzi, collapse, collapsed, wiped out, liquidation, delisted, delisting, restatement, restates results'],
  ['negative', -2.5, 'plunge, plummet, crash, crashed, tank, tanked, nosedive, tumble, worse than expected, weaker than expected, below estimates, below expectations, widens loss, wider loss, swings to loss, profit drops, profit falls, revenue falls, sales fall, dividend cut, cuts dividend, suspends dividend, slashes dividend, eliminates dividend, mass layoffs, scandal, record low, 52 week low, new low, short seller report, short report, margin call, credit downgrade, junk status, cut to junk, fda rejection, rejects application, fails trial, trial fails, trial failure, recall, recalls, data breach'],
  ['negative', -2, 'miss, downgrade, slump, sink, sank, sunk, dive, slide, slid, selloff, sell off, rout, warn, warning, warns of, layoff, layoffs, lay off, job cuts, cuts jobs, cut jobs, eliminates jobs, loss, losses, net loss, writedown, write down, write off, impairment, impairment charge, shortfall, halt, halted, trading halt, suspend, suspension, outage, hack, hacked, cyberattack, breach, disappoint, disappointing, disappointment, bearish, underperform, underweight, sell rating, price target cut, cuts price target, lowers price target, short seller, dilution, dilutive, covenant breach, downturn, recession, slashes, slashed, weakest, worst, crisis, fails, failure, failed, bailout, distress, distressed, resigns, resignation, ousted, abrupt departure, exodus, strike, walkout, shutdown, shortage, glitch, defect, defective, lose, loses, lost, losing streak, fall short'],
  ['negative', -1.5, 'bad, worse, fall, fell, fallen, drop, decline, weak, weaker, weakness, weaken, worsen, worsening, deteriorate, deterioration, struggle, struggling, slowdown, slow, slower, slowing, contraction, shrink, shrank, shrinking, fear, fears, worry, worries, panic, alarm, trouble, troubled, problem, problems, headwind, headwinds, pressure mounts, under pressure, overvalued, expensive valuation, cuts rating, outflow, outflows, penalty, penalties, fine, fined, sanction, sanctions, tariff, tariffs, boycott, backlash, damage, damaged, costly, cost overrun, overrun, delay, delays, delayed, postpone, postponed, cancel, cancelled, canceled, cancellation, terminated, termination, scrapped, abandon, abandoned, bleak, gloomy, grim, dismal, dire, woes, woe, setback, at risk'],
  ['negative', -1, 'lower, lowered, lowers, down, slip, slipped, dip, ease, eases, retreat, retreats, drag, drags, concern, concerns, concerned, caution, cautious, pessimistic, pessimism, negative, adverse, adversely, unfavorable, unfavourable, loses ground, cut, cuts, reduce, reduced, reduction, below, soft, softer, softness, decrease, decreased, restructuring, restructure, charge, charges against earnings, pressure, pressured, challenge, challenges, challenging, difficult, difficulty, volatile session, sell, dump, dumps, exit, exits, stake sale, secondary offering, share sale, dilutes, debt load, heavy debt, leverage concerns, miss on revenue, inventory glut, glut, oversupply, price war, competition intensifies'],
  ['negative', -0.5, 'edges lower, inches down, flat, mixed, muted, subdued, tepid, lukewarm, sluggish, stalls, stalled, plateau, modest decline, hold rating, neutral rating, downgraded to hold, downgrade to hold, cut to hold, spike in costs, rising costs, higher costs, inflation'],

  ['uncertainty', -1.5, 'uncertainty, uncertain, turmoil, turbulence, upheaval, chaos, unpredictable, in doubt, doubts, doubt, unclear outlook, no guidance, withholds guidance'],
  ['uncertainty', -1, 'volatility, volatile, unclear, unknown, unsettled, unconfirmed, rumor, rumour, rumors, rumours, speculation, speculative, question, questions, questioned, risk, risks, risky, exposure, jitters, jittery, wary, hesitant, reconsider, reconsiders, reassess, strategic review, under review, mixed results, fluctuate, fluctuation, fluctuations, ambiguity, ambiguous, unproven, untested, contingent'],
  ['uncertainty', -0.5, 'might, possible, possibly, perhaps, potential, potentially, pending, tentative, tentatively, depend, depends, dependent, assume, assumption, approximately, estimate revision, considers, weighs, mulls, explores options, exploring options, could face'],

  ['litigious', -2.5, 'class action, class action lawsuit, indicted, indictment, criminal charges, criminal probe, criminal investigation, sec probe, sec investigation, doj probe, doj investigation, antitrust suit, antitrust lawsuit, money laundering, bribery, embezzlement, insider trading, securities fraud, whistleblower, subpoena, subpoenaed, raid, raided, enforcement action, cease and desist, guilty, pleads guilty, convicted, conviction'],
  ['litigious', -2, 'lawsuit, lawsuits, sue, sued, sues, suing, litigation, litigate, probe, probed, investigation, investigate, investigated, inquiry, antitrust, allegation, allegations, alleged, allegedly, accused, accuses, accusation, plaintiff, plaintiffs, prosecutor, prosecutors, prosecution, misconduct, wrongdoing, corruption, violation, violations, violate, violated, noncompliance, non compliance, infringement, patent infringement, injunction, blocked by regulators, regulatory probe, regulators block, scrutiny, crackdown'],
  ['litigious', -1, 'court, courts, judge, jury, verdict, ruling against, appeal, appeals, arbitration, complaint, complaints, filing suit, testify, testimony, deposition, hearing, regulator, regulators, regulatory, watchdog, consent decree, settlement talks, legal, legal battle, legal fight, dispute, disputes, contested, challenge in court, audit, auditor, auditor resigns'],
];

/** Negators flip the terms that follow within the negation scope. `n't` contractions count as `not`. */
const NEGATORS = 'not, no, never, none, nothing, neither, nor, without, lack, lacks, lacking, fails to, failed to, fail to, unable to, avoid, avoids, avoided, averts, averted, rules out, ruled out, denies, denied, escapes, dodges, wards off, absence of';

/** Intensifiers: [factor, words]. Factors above 1 strengthen the nearest term, below 1 soften it. */
const INTENSIFIER_GROUPS: readonly (readonly [number, string])[] = [
  [1.6, 'sharply, sharp, significantly, significant, substantially, substantial, dramatically, dramatic, steeply, steep, massively, massive, hugely, huge, severely, severe, heavily, deeply, vastly, sweeping, wildly, record, historic, biggest, largest'],
  [1.3, 'strongly, very, much, far, big, bigger, major, considerably, considerable, markedly, notably, sizable, sizeable, further, again, extremely, unexpectedly, surprise, surprising, surprisingly'],
  [0.5, 'slightly, slight, modestly, modest, marginally, marginal, somewhat, mildly, mild, partially, partly, small, smaller, minor, limited, fractionally, little, narrowly, briefly, temporary, temporarily'],
];

/** Words a phrase may skip: `cuts [its full-year] guidance`, `beats [Wall Street] estimates`. Numbers are fillers too. */
const FILLERS = "the, a, an, its, it's, their, his, her, full, year, annual, annually, fiscal, quarterly, quarter, q1, q2, q3, q4, first, second, third, fourth, wall, street, analyst, analysts, consensus, revenue, earnings, profit, sales, eps, per, share, of, on, for, company, group, 2024, 2025, 2026";

function words(list: string): string[] {
  return list
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}

/** The built-in entries, in order; a `Lexicon` built from them lets later entries win, so the list has no duplicates. */
export function financeLexiconEntries(): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  for (const text of words(FILLERS)) entries.push({ kind: 'filler', text });
  for (const [category, weight, terms] of TERM_GROUPS) {
    for (const text of words(terms)) entries.push({ kind: 'term', text, category, weight });
  }
  for (const text of words(NEGATORS)) entries.push({ kind: 'negator', text });
  for (const [factor, list] of INTENSIFIER_GROUPS) {
    for (const text of words(list)) entries.push({ kind: 'intensifier', text, factor });
  }
  return entries;
}

/** The built-in finance lexicon. Build it once and pass it around: it is immutable. */
export function financeLexicon(): Lexicon {
  return new Lexicon(financeLexiconEntries());
}
