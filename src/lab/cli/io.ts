import type { LabOptions } from '../context.js';
import { DockerodeClient } from '../docker/dockerode-client.js';
import { DEFAULT_FEDERATION_FILE, loadFederationFile } from '../federation-file/parse.js';
import { createProgress } from '../progress/progress.js';

/** Options every command understands. */
export interface GlobalOptions {
  file: string;
  stateDir?: string;
  dockerSocket?: string;
}

/** Where the CLI writes: results on stdout, progress and errors on stderr. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  signal: AbortSignal;
}

/** Images named in the environment (a development build of the node, say) beat versions.json. */
export function imageOverrides(env: NodeJS.ProcessEnv = process.env): LabOptions['images'] {
  return {
    ...(env.FEDLAB_NODE_IMAGE ? { node: env.FEDLAB_NODE_IMAGE } : {}),
    ...(env.FEDLAB_REQLITE_IMAGE ? { reqlite: env.FEDLAB_REQLITE_IMAGE } : {}),
    ...(env.FEDLAB_RETHINKDB_IMAGE ? { rethinkdb: env.FEDLAB_RETHINKDB_IMAGE } : {}),
  };
}

export function labOptions(global: GlobalOptions, io: CliIo): LabOptions {
  return {
    images: imageOverrides(),
    ...(global.stateDir ? { stateDir: global.stateDir } : {}),
    docker: new DockerodeClient(global.dockerSocket ? { socketPath: global.dockerSocket } : {}),
    progress: createProgress(process.stderr),
    signal: io.signal,
  };
}

/** --name when given, else the name in the federation file. */
export async function federationName(global: GlobalOptions, name: string | undefined): Promise<string> {
  if (name) return name;
  return (await loadFederationFile(global.file ?? DEFAULT_FEDERATION_FILE)).name;
}
