/**
 * A subprocess's process group (the child is spawned `detached`, so its pid is the group id):
 * signals go to every process in it, grandchildren included, and `terminate` is SIGTERM, a grace
 * period, then SIGKILL.
 *
 * "Still running" ignores zombies: an orphaned grandchild that has exited stays a zombie until
 * init reaps it, and some inits reap late or never (Node as PID 1 in a container reaps only its
 * own children; the sandbox this was written in took 1.7 s). `kill(-pgid, 0)` succeeds for a
 * group of zombies, so on Linux the group's members are looked up in /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 50;
/** After SIGKILL a process dies as soon as the kernel schedules it; this only bounds a wait on a process stuck in uninterruptible I/O. */
const AFTER_KILL_MS = 2_000;

export class ProcessGroup {
  readonly id: number;

  constructor(id: number) {
    if (!Number.isInteger(id) || id <= 1) throw new RangeError(`invalid process group id ${id}`);
    this.id = id;
  }

  /** Sends `signal` to every process of the group; false when the group no longer exists. */
  signal(signal: NodeJS.Signals): boolean {
    try {
      process.kill(-this.id, signal);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
  }

  /** Whether a process of the group is still running (zombies do not count, on Linux). */
  isRunning(): boolean {
    try {
      process.kill(-this.id, 0);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    return process.platform === 'linux' ? hasLiveMember(this.id) : true;
  }

  /**
   * SIGTERM, then SIGKILL if a process is still running after `graceMs`. Resolves once the group
   * has no running process (true), or false if one survived SIGKILL for AFTER_KILL_MS.
   */
  async terminate(graceMs: number): Promise<boolean> {
    if (!this.isRunning()) return true;
    this.signal('SIGTERM');
    if (await this.#waitUntilStopped(graceMs)) return true;
    this.signal('SIGKILL');
    return this.#waitUntilStopped(AFTER_KILL_MS);
  }

  async #waitUntilStopped(ms: number): Promise<boolean> {
    for (let waited = 0; waited < ms; waited += POLL_MS) {
      await sleep(Math.min(POLL_MS, ms - waited));
      if (!this.isRunning()) return true;
    }
    return !this.isRunning();
  }
}

/** Whether /proc lists a process of group `pgid` that is not a zombie. True when /proc cannot be read. */
function hasLiveMember(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited since readdir
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
