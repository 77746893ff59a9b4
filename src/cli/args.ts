/**
 * The original `start_orchestrator.py` spellings, translated to commands before commander parses:
 *
 *   --check                  → check
 *   --status                 → status
 *   --standalone             → start --standalone
 *   --integrated             → start --integrated
 *   --monitor [--duration N] → monitor [--duration N]   (with --standalone/--integrated kept as its mode)
 *
 * Translation happens only when no command is named, so `evolve start --standalone` keeps its
 * meaning. The other arguments (global options such as `--log-level DEBUG`) are kept in order
 * after the command; commander reads program options on either side of a command.
 */
import { EvolveError } from '../errors.js';

/** Options that take a value (the globals and the original's --duration), so that value is not mistaken for a command name. */
const WITH_VALUE = new Set(['--config', '--env', '--data-dir', '--log-level', '--duration']);

const LEGACY = ['--check', '--status', '--standalone', '--integrated', '--monitor'] as const;
type LegacyFlag = (typeof LEGACY)[number];

function isLegacy(arg: string): arg is LegacyFlag {
  return (LEGACY as readonly string[]).includes(arg);
}

/** The index of the first argument that names a command, or -1. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return i;
  }
  return -1;
}

export function translateLegacyArgs(argv: readonly string[]): string[] {
  if (commandIndex(argv) !== -1) return [...argv];
  const flags = new Set(argv.filter(isLegacy));
  if (flags.size === 0) return [...argv];
  const rest = argv.filter((arg) => !isLegacy(arg));
  if (flags.has('--standalone') && flags.has('--integrated')) {
    throw new EvolveError('EVOLVE_USAGE', '--standalone and --integrated exclude each other: choose one mode');
  }
  const mode = flags.has('--integrated') ? ['--integrated'] : flags.has('--standalone') ? ['--standalone'] : [];
  if (flags.has('--monitor')) {
    const others = [...flags].filter((f) => f === '--check' || f === '--status');
    if (others.length > 0) throw conflict(['--monitor', ...others]);
    return ['monitor', ...mode, ...rest];
  }
  const commands = [...flags].filter((f) => f === '--check' || f === '--status');
  if (commands.length > 1 || (commands.length === 1 && mode.length > 0)) throw conflict([...flags]);
  if (commands[0] === '--check') return ['check', ...rest];
  if (commands[0] === '--status') return ['status', ...rest];
  return ['start', ...mode, ...rest];
}

function conflict(flags: readonly string[]): EvolveError {
  return new EvolveError(
    'EVOLVE_USAGE',
    `${flags.join(' and ')} are separate commands: give one (for example \`evolve check\`, \`evolve status\` or \`evolve start --standalone\`)`,
  );
}
