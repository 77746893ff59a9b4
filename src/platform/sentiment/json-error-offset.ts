/**
 * Where a JSON text first goes wrong. JSON.parse's message has the position on some Node versions
 * ("at position 42", "(line 3 column 13)") and not on others ("Unexpected token '}', ... is not
 * valid JSON" on Node 20), so the files source finds the place itself to report a line number.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

class Stop {
  constructor(readonly offset: number) {}
}

/** The offset of the first character that cannot continue valid JSON, or null when `text` is valid JSON. */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const skip = (): void => {
    while (i < text.length && WHITESPACE.has(text[i] ?? '')) i++;
  };
  const expect = (char: string): void => {
    if (text[i] !== char) fail();
    i++;
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') fail();
      i++;
      if (c === '"') return;
      if (c === '\\') {
        if (text[i] === 'u') i = /^u[0-9a-fA-F]{4}/.test(text.slice(i, i + 5)) ? i + 5 : fail();
        else if ('"\\/bfnrt'.includes(text[i] ?? 'x')) i++;
        else fail();
      }
    }
  };
  const list = (close: string, member: () => void): void => {
    i++;
    skip();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      skip();
      if (text[i] === ',') {
        i++;
        skip();
      } else {
        expect(close);
        return;
      }
    }
  };
  const value = (): void => {
    skip();
    const c = text[i];
    if (c === '{') {
      list('}', () => {
        string();
        skip();
        expect(':');
        value();
      });
    } else if (c === '[') list(']', value);
    else if (c === '"') string();
    else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      NUMBER.lastIndex = i;
      if (literal !== undefined) i += literal.length;
      else if (NUMBER.test(text)) i = NUMBER.lastIndex;
      else fail();
    }
  };
  try {
    value();
    skip();
    if (i < text.length) fail();
    return null;
  } catch (error) {
    if (error instanceof Stop) return error.offset;
    if (error instanceof RangeError) return null; // nested too deep to locate
    throw error;
  }
}
