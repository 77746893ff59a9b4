// Small formatting helpers shared by the views: instants, durations, ratios.
export function formatInstant(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

export function formatTime(iso) {
  if (!iso) return '—';
  return new Date(iso).toISOString().slice(11, 19);
}

export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

/** "in 4 min" / "3 min ago" relative to the server's now (ms). */
export function formatRelative(iso, nowMs) {
  if (!iso) return '—';
  const delta = Date.parse(iso) - nowMs;
  const text = formatDuration(Math.abs(delta)).replace(/ \d+ s$/, '');
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

export function formatPercent(ratio) {
  if (ratio === null || ratio === undefined) return '—';
  return `${Math.round(ratio * 100)}%`;
}

/** What a task is doing now, in one word. */
export function taskState(task) {
  if (task.running > 0) return 'running';
  if (task.queued > 0) return 'queued';
  if (task.waiting > 0) return 'waiting';
  if (!task.enabled) return 'disabled';
  if (task.flagged) return 'flagged';
  return task.nextRunAt ? 'scheduled' : 'idle';
}

export function healthClass(health) {
  if (health >= 0.8) return 'good';
  if (health >= 0.5) return 'fair';
  return 'poor';
}
