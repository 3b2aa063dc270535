/**
 * GET /health: database connectivity, pipeline liveness, the engine and what it cannot do.
 * 200 when healthy, 503 otherwise (so a load balancer or the lab can route around the node).
 * A probe that itself fails is reported as unhealthy, not as a 500.
 */
import type { FastifyInstance } from 'fastify';
import { API_PATHS } from '../../../protocol/index.js';
import type { ApiHealthReport } from '../api-types.js';
import { rejectOtherMethods } from '../methods.js';
import { describeError } from '../../../shared/errors.js';

export function registerHealthRoute(app: FastifyInstance, health: () => Promise<ApiHealthReport>): void {
  app.get(API_PATHS.health, async (_request, reply) => {
    let report: ApiHealthReport;
    try {
      report = await health();
    } catch (e) {
      report = { healthy: false, problems: [`health probe failed: ${describeError(e)}`] };
    }
    if (report.healthy) return reply.code(200).send(report);
    // An error like every other: {status, message} first, then the details of the report.
    const message = report.problems?.join('; ') || 'the node is unhealthy';
    return reply.code(503).send({ status: 503, message, ...report });
  });
  rejectOtherMethods(app, API_PATHS.health, ['GET']);
}
