/** Pieces every route file uses: the error responses a route documents. */
import { ErrorResponse } from '../response-schemas.js';

/** Error statuses of a route, each answered as an ErrorResponse; 401 and 429 apply to all but probes. */
export function errorResponses<const S extends number>(...statuses: S[]): Record<S | 401 | 429, typeof ErrorResponse> {
  const out = {} as Record<S | 401 | 429, typeof ErrorResponse>;
  for (const status of [...statuses, 401, 429] as (S | 401 | 429)[]) out[status] = ErrorResponse.describe(describeStatus(status));
  return out;
}

function describeStatus(status: number): string {
  switch (status) {
    case 400:
      return 'Invalid request: the issues name each field';
    case 401:
      return 'No valid token (Authorization: Bearer <token>)';
    case 403:
      return "The token's role does not allow this";
    case 404:
      return 'No such task or run (with the closest task name)';
    case 409:
      return 'Not possible in the current state (the orchestrator is not running, the run has finished)';
    case 429:
      return 'Too many requests (api.rate_limit_per_minute)';
    default:
      return 'Error';
  }
}
