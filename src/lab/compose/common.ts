/** The key under `networks:` for the federation's shared network in every generated file. */
export const NETWORK_KEY = 'federation';

/** The key under `networks:` for the operator's private network (engine rethinkdb). */
export const OPERATOR_NETWORK_KEY = 'operator';

/**
 * fedlab builds every image locally before `up` (scripts/build-images.sh) and no registry has
 * them: a pull could only fail or fetch something else under the same name.
 */
export const PULL_POLICY = 'never';

/** Every project joins the one shared network the lab creates (with labels) before `up`. */
export function externalNetwork(network: string): Record<string, unknown> {
  return { [NETWORK_KEY]: { name: network, external: true } };
}

export function commentBlock(lines: readonly string[]): string {
  return lines.map((l) => (l ? `# ${l}` : '#')).join('\n') + '\n';
}
