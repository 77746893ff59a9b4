/**
 * How the insight components write numbers for people: percentages with one decimal and a space
 * (`12.1 %`), money with a dollar sign and two decimals (`$2,300.00`), prices with two decimals,
 * basis points as percentages (5 bps → `0.05 %`), scores signed (`+0.42`). Locale-independent:
 * thousands are separated by commas whatever the machine's locale.
 */

const GROUPS = /\B(?=(\d{3})+(?!\d))/g;

function grouped(value: number, decimals: number): string {
  const [whole = '0', fraction] = Math.abs(value).toFixed(decimals).split('.');
  return `${whole.replace(GROUPS, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

function minus(value: number, decimals: number): string {
  // −0.004 at two decimals prints as 0.00, not −0.00.
  return value < 0 && Number(Math.abs(value).toFixed(decimals)) !== 0 ? '−' : '';
}

/** A fraction as a percentage: 0.121 → `12.1 %`; decimals grow for tiny values (0.0005 → `0.05 %`). */
export function formatPercent(fraction: number, decimals?: number): string {
  const pct = fraction * 100;
  const places = decimals ?? (Math.abs(pct) > 0 && Math.abs(pct) < 0.1 ? 3 : Math.abs(pct) < 1 && pct !== 0 ? 2 : 1);
  return `${minus(pct, places)}${trimZeros(grouped(pct, places), decimals === undefined)} %`;
}

/** Basis points as a percentage: 5 → `0.05 %`. */
export function formatBps(bps: number): string {
  return formatPercent(bps / 10_000);
}

/** Dollars with two decimals: 2.3 → `$2.30`, −1234.5 → `−$1,234.50`. */
export function formatMoney(amount: number): string {
  return `${minus(amount, 2)}$${grouped(amount, 2)}`;
}

/** A price per share: 191.324 → `191.32`. */
export function formatPrice(price: number): string {
  return `${minus(price, 2)}${grouped(price, 2)}`;
}

/** A share count: whole numbers plain (`1,200`), fractions with up to four decimals. */
export function formatQuantity(quantity: number): string {
  const abs = Math.abs(quantity);
  return Number.isInteger(abs) ? grouped(abs, 0) : trimZeros(grouped(abs, 4), true);
}

/** A signed score or ratio: 0.4213 → `+0.42`, −1.5 → `−1.50`. */
export function formatSigned(value: number, decimals = 2): string {
  const text = grouped(value, decimals);
  return Number(text.replaceAll(',', '')) === 0 ? text : `${value < 0 ? '−' : '+'}${text}`;
}

/** A plain number: `0.91`, `1,234.5`. */
export function formatNumber(value: number, decimals = 2): string {
  return `${minus(value, decimals)}${trimZeros(grouped(value, decimals), true)}`;
}

function trimZeros(text: string, trim: boolean): string {
  return trim && text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
