/**
 * A headline source that could not be read at all (as opposed to single bad items, which are
 * skipped and reported as HeadlineIssues). A source configured wrongly (`bad_option`,
 * `folder_missing`) is EVOLVE_SENTIMENT_SOURCE_INVALID, one that failed to answer properly is
 * EVOLVE_SENTIMENT_SOURCE_UNAVAILABLE; either fails the sentiment agent's run, which is retried
 * like any failure. `reason` says which problem it was.
 */
import { EvolveError } from '../../errors.js';

export const SentimentSourceFailures = {
  /** The option given to the source is invalid (a URL that is not http(s), a limit below 1). */
  bad_option: 'bad_option',
  /** The headlines folder does not exist or is not a folder. */
  folder_missing: 'folder_missing',
  /** The feed could not be reached (connection refused, DNS, TLS). */
  unreachable: 'unreachable',
  /** The feed did not answer within timeoutMs. */
  timeout: 'timeout',
  /** The feed answered with a status outside 200–299. */
  http_status: 'http_status',
  /** The feed's body is larger than maxBytes. */
  too_large: 'too_large',
  /** The feed's body is not JSON. */
  not_json: 'not_json',
  /** The feed's JSON is neither an array of items nor an object with an `items` or `headlines` array. */
  bad_shape: 'bad_shape',
} as const;

export type SentimentSourceFailure = (typeof SentimentSourceFailures)[keyof typeof SentimentSourceFailures];

export class SentimentSourceError extends EvolveError {
  readonly reason: SentimentSourceFailure;

  constructor(reason: SentimentSourceFailure, message: string, options?: { cause?: unknown }) {
    super(reason === 'bad_option' || reason === 'folder_missing' ? 'EVOLVE_SENTIMENT_SOURCE_INVALID' : 'EVOLVE_SENTIMENT_SOURCE_UNAVAILABLE', message, options);
    this.name = 'SentimentSourceError';
    this.reason = reason;
  }
}
