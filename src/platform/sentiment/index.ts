/**
 * Sentiment for the reference platform, as a library: score headlines with a finance lexicon,
 * attribute them to symbols, read them from files, a JSON feed or the generated sample feed,
 * aggregate per symbol and day, and detect `news_events`.
 */
export { FileHeadlineSource, type FileHeadlineSourceOptions } from './file-headline-source.js';
export { JsonFeedHeadlineSource, type JsonFeedHeadlineSourceOptions } from './feed-headline-source.js';
export { financeLexicon, financeLexiconEntries } from './finance-lexicon.js';
export {
  checkRange,
  compareHeadlines,
  formatHeadlineIssue,
  formatLocation,
  type Headline,
  type HeadlineBatch,
  type HeadlineFetchOptions,
  type HeadlineIssue,
  type HeadlineLocation,
  type HeadlineSource,
} from './headline.js';
export { HeadlineCollector, parseHeadlineItem, type ParsedItem } from './headline-collector.js';
export { NEGATED_WEIGHT, NEGATION_SCOPE, SCORE_SATURATION, scoreHeadline, type HeadlineScore, type TermMatch } from './headline-scorer.js';
export { Lexicon, LexiconCategories, type LexiconCategory, type LexiconEntry, type LexiconMatch } from './lexicon.js';
export { detectNewsEvents, meanZScore, NewsEventTriggers, type NewsEvent, type NewsEventHeadline, type NewsEventOptions, type NewsEventTrigger } from './news-events.js';
export { SAMPLE_SYMBOLS, SampleHeadlineSource, type SampleHeadlineSourceOptions } from './sample-headline-source.js';
export { SAMPLE_TEMPLATES, SampleTones, type SampleTone } from './sample-templates.js';
export { scoreHeadlines, type ScoredHeadline, type ScoreHeadlinesOptions } from './scored-headline.js';
export {
  aggregateSentiment,
  DEFAULT_HALF_LIFE_MS,
  recencyWeighted,
  scoresBySymbol,
  type SentimentAggregationOptions,
  type SentimentWindow,
  type TimedScore,
  WEIGHT_HORIZON_HALF_LIVES,
} from './sentiment-aggregation.js';
export { SentimentSourceError, SentimentSourceFailures, type SentimentSourceFailure } from './sentiment-source-error.js';
export { DEFAULT_COMPANY_NAMES, isTicker, SymbolAttributor, type SymbolAttributionOptions } from './symbol-attributor.js';
export { stem, tokenize, type Token } from './tokenizer.js';
