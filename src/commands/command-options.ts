/**
 * `key=value` options after a command's arguments, and the merge of arguments, options and the
 * caller's parameters into the parameters of the run. The rule of the merge: every key has one
 * source of truth. Arguments own their fields and `command`; an option may not name them; a
 * caller's parameter may repeat any of them only with an equal value. Anything else that two
 * sources both set with different values is refused, never silently overwritten: a trading
 * command must not run with a value its sender did not mean.
 */
import { inspect, isDeepStrictEqual } from 'node:util';
import { ArgumentError } from './command-arguments.js';
import { CommandErrorKind, quoteToken } from './command-error.js';

export type OptionValue = string | number | boolean;

/** A letter first, then letters, digits, `_`, `.`, `-`: never `__proto__` or an empty key. */
const OPTION_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** `true`/`false` (any case) → boolean; a finite decimal number → number; anything else → the text. */
export function parseOptionValue(text: string): OptionValue {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (NUMBER.test(text)) {
    const n = Number(text);
    // -0 would print as 0 and so not survive formatting; 1e999 stays text rather than Infinity.
    if (Number.isFinite(n)) return n === 0 ? 0 : n;
  }
  return text;
}

/** The text that parses back to the value. */
export function formatOptionValue(value: OptionValue): string {
  return String(value);
}

/** Options in the order given. `reserved` are the keys the arguments own. */
export function parseOptions(tokens: readonly string[], reserved: readonly string[]): Record<string, OptionValue> {
  const options: Record<string, OptionValue> = {};
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const key = token.slice(0, eq);
    const text = token.slice(eq + 1);
    if (!OPTION_KEY.test(key) || text.length === 0) {
      throw new ArgumentError(
        CommandErrorKind.badOption,
        `${quoteToken(token)} is not an option: write key=value after the arguments, with a key of letters, digits, _ . - (a letter first) and a value, such as confidence=0.9.`,
      );
    }
    if (reserved.includes(key)) {
      throw new ArgumentError(CommandErrorKind.badOption, `option ${quoteToken(token)} sets ${key}, which the command's arguments set: give it in its place instead.`);
    }
    if (Object.hasOwn(options, key)) {
      throw new ArgumentError(CommandErrorKind.badOption, `option ${quoteToken(key)} is given twice: give each option once.`);
    }
    options[key] = parseOptionValue(text);
  }
  return options;
}

/** A caller's value on one line: `compact: true` stops inspect grouping long arrays into rows. */
function describeValue(value: unknown): string {
  const text = inspect(value, { depth: 2, compact: true, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 40 }).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function isPlainRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The run's parameters: the caller's, then the options, then the arguments and `command`, each
 * key from exactly one source (see the header for the rule). Throws ArgumentError.
 */
export function mergeParameters(
  owned: object,
  ownedFields: readonly string[],
  options: Readonly<Record<string, OptionValue>>,
  given: unknown,
): Record<string, unknown> {
  const record = owned as Readonly<Record<string, unknown>>;
  if (given === undefined || given === null) return { ...options, ...record };
  if (!isPlainRecord(given)) {
    throw new ArgumentError(
      CommandErrorKind.badParameters,
      `the parameters must be an object such as { "confidence": 0.9 }, not ${Array.isArray(given) ? 'an array' : typeof given}.`,
    );
  }
  for (const [key, value] of Object.entries(given)) {
    if (ownedFields.includes(key) || Object.hasOwn(record, key)) {
      const mine = record[key];
      if (!isDeepStrictEqual(value, mine)) {
        const says = mine === undefined ? `sets no ${key}` : `says ${describeValue(mine)}`;
        throw new ArgumentError(CommandErrorKind.conflict, `parameter ${quoteToken(key)} is ${describeValue(value)} but the command ${says}: drop the parameter or make the two agree.`);
      }
    } else if (Object.hasOwn(options, key) && !isDeepStrictEqual(value, options[key])) {
      throw new ArgumentError(
        CommandErrorKind.conflict,
        `parameter ${quoteToken(key)} is ${describeValue(value)} but the option says ${describeValue(options[key])}: drop one of them or make the two agree.`,
      );
    }
  }
  return { ...given, ...options, ...record };
}
