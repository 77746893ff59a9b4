/**
 * One CSV line split into fields: comma-separated, fields optionally wrapped in double quotes,
 * a doubled quote inside a quoted field standing for one quote (RFC 4180). Price files never
 * hold line breaks inside a field, so lines are split before fields and a quoted field may not
 * span lines.
 */
export function splitCsvLine(line: string): string[] | { error: string } {
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    const lead = /^\s*/.exec(line.slice(index))?.[0].length ?? 0;
    if (line[index + lead] === '"') index += lead;
    if (line[index] === '"') {
      let value = '';
      index += 1;
      for (;;) {
        const quote = line.indexOf('"', index);
        if (quote < 0) return { error: 'a quoted field is not closed' };
        value += line.slice(index, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          index = quote + 2;
        } else {
          index = quote + 1;
          break;
        }
      }
      const rest = /^\s*/.exec(line.slice(index))?.[0].length ?? 0;
      index += rest;
      if (index < line.length && line[index] !== ',') return { error: 'text follows a closing quote' };
      fields.push(value);
    } else {
      const comma = line.indexOf(',', index);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(index, end).trim());
      index = end;
    }
    if (index >= line.length) return fields;
    index += 1; // the comma
  }
}
