/**
 * `evolve api new-token --name N --role R`: makes a random token and prints it once, with the
 * entry for `api.tokens` (its SHA-256: the configuration never holds the token itself).
 * `evolve api hash-token`: the SHA-256 of a token read from stdin (not an argument, so it stays
 * out of the shell history and the process list).
 */
import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { hashToken } from '../../api/auth.js';
import { API_ROLES } from '../../config/schema.js';
import { EvolveError } from '../../errors.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';

/** 32 random bytes; the prefix lets secret scanners recognise a leaked token. */
const newToken = (): string => `evo_${randomBytes(32).toString('base64url')}`;

function parseRole(value: string): string {
  const role = value.trim().toLowerCase();
  if (!(API_ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError(`use ${API_ROLES.join(', ')}`);
  return role;
}

function parseName(value: string): string {
  if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(value)) throw new InvalidArgumentError('use 1 to 64 letters, digits, "_", ".", "@" or "-", such as ci-bot');
  return value;
}

async function create(ctx: CliContext, options: { name: string; role: string }): Promise<number> {
  const token = newToken();
  const sha256 = hashToken(token);
  if (ctx.json) {
    ctx.out.json({ name: options.name, role: options.role, token, token_sha256: sha256 });
    return 0;
  }
  ctx.out.line('token (shown once: give it to the caller, who sends "Authorization: Bearer <token>"):');
  ctx.out.line(`  ${token}`);
  ctx.out.line('add this entry under api.tokens in the configuration (it holds the hash, not the token):');
  ctx.out.line(`    - { name: ${options.name}, role: ${options.role}, token_sha256: ${sha256} }`);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function hash(ctx: CliContext): Promise<number> {
  if (process.stdin.isTTY) ctx.out.error('type the token, then Enter and Ctrl+D');
  // `echo tok | …` adds a newline that is not part of the token.
  const token = (await readStdin()).replace(/\r?\n$/, '');
  if (token === '') throw new EvolveError('EVOLVE_USAGE', 'no token on stdin: pipe it in, e.g. printf %s "$TOKEN" | evolve api hash-token');
  const sha256 = hashToken(token);
  if (ctx.json) ctx.out.json({ token_sha256: sha256 });
  else ctx.out.line(sha256);
  return 0;
}

export function apiCommand(host: CommandHost): Command {
  const api = new Command('api').description('HTTP API tokens (docs/api.md)');
  api
    .command('new-token')
    .description('make a random API token; prints it once, and the api.tokens entry with its SHA-256')
    .requiredOption('--name <name>', 'who holds it (audited as api:<name>)', parseName)
    .option('--role <role>', `${API_ROLES.join(', ')}`, parseRole, 'viewer')
    .action(host.action(create));
  api
    .command('hash-token')
    .description('print the SHA-256 of a token read from stdin, for api.tokens[].token_sha256')
    .action(host.action(hash));
  return api;
}
