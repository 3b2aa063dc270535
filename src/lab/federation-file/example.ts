import { writeFile } from 'node:fs/promises';
import { FedlabError } from '../../shared/errors.js';

/**
 * The commented example `fedlab init` writes: it answers the seed's basic questions (governance,
 * data schema, transfers, who may submit) with the defaults, and says where to change them.
 */
export function exampleFederationFile(name = 'demo'): string {
  return `# fedlab federation file: the answers to the seed's "basic questions" and the members.
# Every key is optional; the values shown are the defaults. Check with \`fedlab up\`.

# Federation name: Docker network fedlab-<name>, labels fedlab.federation=<name>,
# generated material under .fedlab/<name>/.
name: ${name}

# Database engine. rethinkdb: RethinkDB 2.4 servers (fedlab/rethinkdb, built by
# scripts/build-images.sh), one per operator, joined into a real cluster (join= lines).
# reqlite: one shared in-memory server for machines without RethinkDB (it cannot cluster
# and loses data when it stops). auto: rethinkdb when its image is present locally, else reqlite.
engine: auto

# Members. Each operator gets its own directory, keypair, .bigchaindb, rethinkdb.conf and compose
# project fedlab-<federation>-<operator>. Only public bundles (host names, API URL, public key)
# are shared. Optional per operator:
#   hostnames: { rethinkdb: rethinkdb-<name>, node: bigchaindb-<name> }
#   apiPort: 9984      # host port on 127.0.0.1 (default basePort + position)
operators:
  - name: alpha
  - name: beta
  - name: gamma

# Copies of each table (at most one per operator; default min(3, operators)). Writes need a
# majority of them, floor(R/2)+1 of R: with 3, the federation still writes after losing one
# RethinkDB server (2 of 3); with 1 or 2 it cannot (up warns).
replicas: 3

# Each operator's RethinkDB server (engine rethinkdb).
database:
  # Publish its driver port (28015) on 127.0.0.1, on an ephemeral host port (see \`docker port\`).
  # fedlab itself does not need it; the cluster port stays private, and the web UI is off
  # (RethinkDB does not authenticate it: it would be admin without the password).
  publish: false
  # Page cache per server, in MB (rethinkdb.conf cache-size): several servers share this machine.
  cacheSizeMb: 256

# Node APIs are published on 127.0.0.1 only, at basePort, basePort + 1, ...
basePort: 9984

# Who may submit and who may read (enforced by every node; every node gets the same policy).
policy:
  # Who will be allowed to submit CREATE transactions? "anyone", or a list of public keys.
  create: anyone
  # Will you use TRANSFER transactions? Will they carry a non-empty metadata payload?
  transfer:
    allowed: true
    metadata: allowed      # allowed | forbidden
  # What will you store in CREATE transactions? null, or a JSON Schema for asset.data, e.g.
  #   assetSchema: { type: object, required: [serial], properties: { serial: { type: string } } }
  assetSchema: null
  # Largest transaction (canonical JSON, bytes) the nodes accept.
  maxTransactionBytes: 15360
  # Who may read or query? "anyone" who reaches a node API (fedlab publishes them on 127.0.0.1
  # only), or "api-key": only holders of a key that node's operator issued
  # (fedlab api-key issue <operator>). GET /, /api/v1/ and /health stay open.
  read: anyone

# How are federation-level decisions, such as admitting new members, made? Signed ballots of the
# current members (fedlab admit, remove, rotate-key): majority (the default), or unanimous:
# governance:
#   admission: unanimous
`;
}

/** Writes the example; refuses to overwrite an existing file unless `force`. */
export async function writeExampleFederationFile(
  file: string,
  options: { name?: string; force?: boolean } = {},
): Promise<void> {
  try {
    await writeFile(file, exampleFederationFile(options.name), { flag: options.force ? 'w' : 'wx' });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new FedlabError(
        'FILE_EXISTS',
        `${file} already exists; edit it, or pass --force to overwrite it`,
        {
          details: { file },
        },
      );
    }
    throw cause;
  }
}
