/**
 * Headline templates of the generated sample feed, by intended tone. Placeholders: {name},
 * {ticker}, {exchange}, {pct}, {quarter}, {firm}, {product}, {amount}. Each template is tested to
 * score with its intended sign under the built-in lexicon (neutral ones score 0), so the sample
 * feed exercises phrases, negation and intensifiers the way real headlines do.
 */

export const SampleTones = {
  /** Good news, routine size. */
  positive: 'positive',
  /** Good news, large: the stuff of a sentiment shock. */
  strong_positive: 'strong_positive',
  /** Bad news, routine size. */
  negative: 'negative',
  /** Bad news, large. */
  strong_negative: 'strong_negative',
  /** Calendar items and announcements without a direction. */
  neutral: 'neutral',
} as const;

export type SampleTone = (typeof SampleTones)[keyof typeof SampleTones];

export const SAMPLE_TEMPLATES: Readonly<Record<SampleTone, readonly string[]>> = {
  strong_positive: [
    '{name} beats estimates and raises full-year guidance',
    '{name} posts record revenue as demand surges',
    '{name} shares soar {pct}% after blowout quarter',
    '{firm} upgrades {name} to buy and raises price target',
    '{name} announces ${amount} billion share buyback',
    '{name} (${ticker}) tops Wall Street estimates on strong demand for {product}',
    '{name} lifts outlook after record quarter',
    '{name} wins regulatory approval for {product}, shares jump sharply',
  ],
  positive: [
    '{name} shares rise {pct}% in early trading',
    '{name} shares edge higher as analysts turn optimistic',
    '{name} expands partnership with a major cloud provider',
    '{name} reaffirms guidance at investor day',
    '{name} reports solid growth in {product} orders',
    '{name} says it does not expect layoffs this year',
    '{name} avoids strike as union reaches deal',
    '{name} ({exchange}: {ticker}) shares climb after upbeat comments from management',
    '{firm} sees upside for {name}, citing improving margins',
  ],
  strong_negative: [
    '{name} misses estimates and cuts full-year guidance',
    '{name} shares plunge {pct}% after profit warning',
    '{firm} downgrades {name} to sell on weakening demand',
    '{name} faces SEC investigation over accounting practices',
    '{name} hit with class-action lawsuit after data breach',
    '{name} announces mass layoffs as sales slump',
    '{name} (${ticker}) recalls {product} over safety defect',
    '{name} reports surprise loss, shares tumble',
  ],
  negative: [
    '{name} shares slip {pct}% in choppy trading',
    '{name} shares fall as investors weigh slowing growth',
    '{firm} lowers price target on {name}',
    '{name} warns of supply delays',
    '{name} faces regulatory scrutiny in Europe',
    '{name} fails to win approval for {product}',
    '{name} ({exchange}: {ticker}) delays launch of {product}',
    'Concerns mount over {name} margins',
    '{name} shares under pressure after cautious comments from management',
  ],
  neutral: [
    '{name} to report {quarter} results next week',
    '{name} schedules annual shareholder meeting',
    '{name} names new head of investor relations',
    '{name} to present at industry conference',
    '{name} ({exchange}: {ticker}) files quarterly report',
    '{name} opens new office in Singapore',
    'What to watch for {name} this week',
    '{name} chief executive to speak at technology summit',
  ],
};

/** Fictional brokers and products, so sample headlines never pass for real news. */
export const SAMPLE_FIRMS = ['Northbridge Securities', 'Halvorsen & Co', 'Keystone Research', 'Amberly Capital', 'Tidewater Partners'] as const;
export const SAMPLE_PRODUCTS = ['its flagship device', 'its cloud business', 'its new platform', 'its services unit', 'its core segment'] as const;
/** Fictional outlets named as sample, one per headline. */
export const SAMPLE_OUTLETS = ['Sample Newswire', 'Paper Markets Daily', 'Synthetic Street Journal'] as const;
