/**
 * The web dashboard: `/` (index.html) and `/dashboard/*` (its ES modules and styles), plain files
 * from `src/dashboard/` with no build step, and `/dashboard/vendor/*` (Preact, htm, uPlot) read
 * from their packages in node_modules. The files are public — they hold no data; every API call
 * the page makes carries the user's token. Both `src/api/routes/` (tsx) and `dist/api/routes/`
 * (the build) sit three folders below the package root, so one relative URL finds the assets.
 *
 * The content-security policy allows only this server ('self'): the page makes no request
 * elsewhere. Inline scripts are allowed for the import map, which maps the bare specifiers the
 * vendored modules import (`preact`) to the vendor routes.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import type { ApiInstance } from '../api-instance.js';

const DASHBOARD_DIR = fileURLToPath(new URL('../../../src/dashboard/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

const POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'";

/** The vendored modules: URL name → file, resolved from each package's own entry point. */
function vendorFiles(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const uplotDir = dirname(require.resolve('uplot'));
  return new Map([
    ['preact.js', require.resolve('preact')],
    ['preact-hooks.js', require.resolve('preact/hooks')],
    ['htm.js', join(dirname(require.resolve('htm')), 'htm.mjs')],
    ['uplot.js', join(uplotDir, 'uPlot.esm.js')],
    ['uplot.css', join(uplotDir, 'uPlot.min.css')],
  ]);
}

/** Every servable file under the dashboard folder, by its path relative to it (`views/tasks.js`). */
function dashboardFiles(dir: string): Map<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.isFile() || CONTENT_TYPES[extname(entry.name)] === undefined) continue;
    const absolute = join(entry.parentPath, entry.name);
    files.set(relative(dir, absolute).split('\\').join('/'), absolute);
  }
  return files;
}

async function sendFile(reply: FastifyReply, path: string): Promise<FastifyReply> {
  const body = await readFile(path);
  return reply
    .header('content-type', CONTENT_TYPES[extname(path)] ?? 'application/octet-stream')
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', POLICY)
    .send(body);
}

function notFound(reply: FastifyReply, path: string): FastifyReply {
  return reply.code(404).send({ error: { code: 'EVOLVE_API_ROUTE_NOT_FOUND', message: `no dashboard file ${path}` } });
}

/**
 * Registers the dashboard routes. The file list is read once here (a lookup table, so a request
 * path never reaches the file system); the files themselves are read per request, so an edited
 * asset shows on reload.
 */
export function dashboardRoutes(app: ApiInstance, dir: string = DASHBOARD_DIR): void {
  const files = dashboardFiles(dir);
  const vendor = vendorFiles();
  const hidden = { hide: true } as const;

  app.get('/', { config: { access: 'public' }, schema: hidden }, async (_request, reply) => {
    const index = files.get('index.html');
    return index === undefined ? notFound(reply, 'index.html') : sendFile(reply, index);
  });

  app.get<{ Params: { '*': string } }>('/dashboard/*', { config: { access: 'public' }, schema: hidden }, async (request, reply) => {
    const path = request.params['*'];
    const file = path.startsWith('vendor/') ? vendor.get(path.slice('vendor/'.length)) : files.get(path);
    return file === undefined ? notFound(reply, path) : sendFile(reply, file);
  });
}
