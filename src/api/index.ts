/** The HTTP API as a library (`evolve-orchestrator/api`): kept out of the main entry so that using the orchestrator does not load fastify. */
export { createApiServer, type ApiServer, type ApiServerOptions } from './server.js';
export { hashToken, isLoopback, type ApiRole, type Principal } from './auth.js';
