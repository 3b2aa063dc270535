/**
 * A changed `api_keys` reaches a running node by restarting just that operator's node container
 * (as `rotate-key` does with a new keypair). Why not a hot reload: the node reads its config once,
 * through one schema with env precedence and cross-checks; a second, live path (watching a file
 * the lab rewrites in place, tolerating a half-written read) would be more code on the request
 * path for a rare operator action. A restart takes a few seconds of that one node; the others
 * keep serving and voting, and a revoked key is certainly gone once the node answers again.
 */
import { notYet, pollUntil, ready } from '../../shared/poll.js';
import type { LabContext } from '../context.js';
import type { ContainerInfo } from '../docker/docker-client.js';
import { LABEL_FEDERATION, LABEL_OPERATOR, LABEL_ROLE, NODE_API_PORT } from '../federation/names.js';
import { NodeApi, localApiUrl } from '../node-api/node-api.js';

export type PickUp = { restarted: true; apiUrl: string } | { restarted: false; why: string };

const hostPortOf = (c: ContainerInfo): number | undefined =>
  c.ports.find((p) => p.containerPort === NODE_API_PORT && p.hostPort)?.hostPort;

/** Restarts the operator's running node and waits until its API answers; says so when none runs. */
export async function restartNodeFor(
  ctx: Pick<LabContext, 'docker' | 'progress' | 'timeouts' | 'signal'>,
  federation: string,
  operator: string,
): Promise<PickUp> {
  const labels = { [LABEL_FEDERATION]: federation, [LABEL_OPERATOR]: operator, [LABEL_ROLE]: 'node' };
  const node = (await ctx.docker.listContainers(labels)).find((c) => c.state === 'running');
  if (node === undefined) return { restarted: false, why: `${operator}'s node is not running` };
  await ctx.progress.step(`restart ${operator}'s node (it reads api_keys at start)`, () =>
    ctx.docker.controlContainer(node.id, 'restart'),
  );
  const port = hostPortOf(node);
  if (port === undefined) return { restarted: false, why: `${operator}'s node publishes no API port` };
  const api = new NodeApi(localApiUrl(port));
  await ctx.progress.step(`wait for ${operator}'s node API`, () =>
    pollUntil(
      async () => {
        try {
          await api.ping();
          return ready(undefined);
        } catch (e) {
          return notYet(e instanceof Error ? e.message : String(e));
        }
      },
      {
        what: `${operator}'s node API to answer after the restart`,
        timeoutMs: ctx.timeouts.apiMs,
        intervalMs: 300,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
    ),
  );
  return { restarted: true, apiUrl: localApiUrl(port) };
}

/** The node takes `key` for reads: a status query answers 404 (no such transaction), not 401. */
export async function checkKeyAccepted(apiUrl: string, key: string): Promise<void> {
  await new NodeApi(apiUrl, 5_000, key).transactionStatus('0'.repeat(64));
}
