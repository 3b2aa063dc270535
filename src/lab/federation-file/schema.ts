import { z } from 'zod';
import { federationPolicySchema } from '../../protocol/policy.js';
import { replicaProblem } from './replicas.js';

/**
 * The federation file (default federation.yaml): the seed's "basic questions" and the members.
 * Every key has a default and a description; `fedlab init` writes a commented example.
 */

/** DNS-safe: becomes part of host names (rethinkdb-<op>), compose project and network names. */
export const DNS_LABEL = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const DNS_MESSAGE =
  'must be DNS-safe: lowercase letters, digits and "-", starting with a letter, not ending with "-"';
/** Names the lab uses for its own directories and projects beside the operators'. */
export const RESERVED_OPERATOR_NAMES: readonly string[] = ['db', 'public'];
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const dnsName = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).regex(DNS_LABEL, DNS_MESSAGE);

const hostname = z.string().regex(HOSTNAME, 'must be a valid host name (lowercase)');
const MAX_PORT = 65535;
const port = z
  .number()
  .int('must be an integer')
  .min(1024, 'must be at least 1024')
  .max(MAX_PORT, `must be at most ${MAX_PORT}`);

export const operatorSchema = z
  .object({
    name: dnsName(24)
      .refine((n) => !RESERVED_OPERATOR_NAMES.includes(n), {
        message: `is reserved (${RESERVED_OPERATOR_NAMES.join(', ')})`,
      })
      .describe(
        'Operator name: its directory, compose project fedlab-<federation>-<name> and default host names',
      ),
    hostnames: z
      .object({
        rethinkdb: hostname
          .optional()
          .describe('Host name of its RethinkDB server (default rethinkdb-<name>)'),
        node: hostname.optional().describe('Host name of its node (default bigchaindb-<name>)'),
      })
      .strict()
      .prefault({})
      .describe('Host names shared with the other members'),
    apiPort: port
      .optional()
      .describe('Host port (on 127.0.0.1) of its node API (default basePort + position)'),
  })
  .strict();

export const policySchema = federationPolicySchema;

/** fedlab's floor and ceiling for a server's cache (MB), so a typo cannot starve or swamp a host. */
export const CACHE_SIZE_MB = { default: 256, min: 64, max: 65_536 } as const;

/**
 * The cluster heartbeat timeout: RethinkDB's 10 s alone breaks the 10 s recovery target when a
 * server is lost (writes to the tables it led stall until it expires, then new primaries are
 * elected). Measured with one write every 100 ms to a table led by a server cut off the network
 * (idle 3-server cluster): 5.5 s without writes at 3 s, 3.9 s at 2 s (RethinkDB's minimum); under
 * the partition scenario's load, 3 s gave about 9 s. RethinkDB declares a peer lost after about
 * 1.5 timeouts without a read; a busy host here never missed that at 2 s (no spurious "lost
 * contact" in any scenario run).
 */
export const HEARTBEAT_TIMEOUT_SEC = { default: 2, min: 2, max: 600 } as const;

/** How each operator's RethinkDB server runs (engine rethinkdb; reqlite ignores it). */
export const databaseSchema = z
  .object({
    publish: z
      .boolean()
      .default(false)
      .describe(
        "Publish each server's driver port (28015) on 127.0.0.1, on an ephemeral host port (see " +
          '`docker port`). The cluster port (29015) stays on the federation network; the web UI is ' +
          'off (RethinkDB does not authenticate it)',
      ),
    cacheSizeMb: z
      .number()
      .int('must be an integer')
      .min(CACHE_SIZE_MB.min, `must be at least ${CACHE_SIZE_MB.min}`)
      .max(CACHE_SIZE_MB.max, `must be at most ${CACHE_SIZE_MB.max}`)
      .default(CACHE_SIZE_MB.default)
      .describe(
        'Page cache of each RethinkDB server in MB (rethinkdb.conf cache-size); several servers share ' +
          "one machine here, and RethinkDB's own default is half of the machine's free memory",
      ),
    heartbeatTimeoutSec: z
      .number()
      .int('must be an integer')
      .min(HEARTBEAT_TIMEOUT_SEC.min, `must be at least ${HEARTBEAT_TIMEOUT_SEC.min}`)
      .max(HEARTBEAT_TIMEOUT_SEC.max, `must be at most ${HEARTBEAT_TIMEOUT_SEC.max}`)
      .default(HEARTBEAT_TIMEOUT_SEC.default)
      .describe(
        "RethinkDB's cluster heartbeat timeout in seconds: how long a silent server still counts as " +
          'connected. Writes to tables it led stall that long when it dies or is cut off, until new ' +
          "primaries are elected (RethinkDB's default is 10; too low on a loaded host makes servers flap)",
      ),
  })
  .strict()
  .prefault({});

export const DEFAULT_OPERATORS = [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }];

export const federationFileSchema = z
  .object({
    name: dnsName(32)
      .default('demo')
      .describe('Federation name: network fedlab-<name>, labels, .fedlab/<name>/'),
    engine: z.enum(['rethinkdb', 'reqlite', 'auto']).default('auto').describe('Database engine'),
    operators: z
      .array(operatorSchema)
      .min(1, 'needs at least one operator')
      .max(16)
      // On the array, not the whole file: zod skips an object's refinements when any of its keys
      // fails, and a duplicate should be reported beside, say, a type error in `replicas`.
      .superRefine(checkUniqueNames)
      .prefault(DEFAULT_OPERATORS),
    replicas: z
      .number()
      .int('must be an integer')
      .min(1)
      .optional()
      .describe('Table replicas (default min(3, operators)); writes need a majority floor(R/2)+1 of them'),
    basePort: port.default(9984).describe('First host port for node APIs; operator i gets basePort + i'),
    database: databaseSchema,
    policy: policySchema.prefault({}),
    // The rule epoch 0 records (init --admission): ballots of fedlab admit / remove / rotate-key.
    governance: z
      .object({
        admission: z
          .enum(['majority', 'unanimous'])
          .default('majority')
          .describe(
            'Ballots of current members a membership change needs (fedlab admit, remove, rotate-key)',
          ),
      })
      .strict()
      .optional()
      .describe('Federation-level decisions'),
  })
  .strict()
  .superRefine((f, ctx) => {
    // Operator i without its own apiPort gets basePort + i, which must still be a port.
    const beyond = f.operators.findIndex((op, i) => op.apiPort === undefined && f.basePort + i > MAX_PORT);
    if (beyond >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['basePort'],
        message: `too high for ${f.operators.length} operators: operators.${beyond} would get port ${f.basePort + beyond} (at most ${MAX_PORT})`,
      });
    }
    const replicas = f.replicas === undefined ? undefined : replicaProblem(f.replicas, f.operators.length);
    if (replicas !== undefined) ctx.addIssue({ code: 'custom', path: ['replicas'], message: replicas });
  });

function checkUniqueNames(operators: readonly { name: string }[], ctx: z.RefinementCtx): void {
  const first = new Map<string, number>();
  operators.forEach((op, i) => {
    const seen = first.get(op.name);
    if (seen === undefined) first.set(op.name, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        message: `duplicate of operators.${seen}.name ("${op.name}")`,
      });
  });
}

/** What a federation file may contain (every key optional). */
export type FederationFileInput = z.input<typeof federationFileSchema>;
/** A validated federation file with every default filled in. */
export type FederationFile = z.output<typeof federationFileSchema>;
/** The federation policy: the protocol's one type (the node config's `policy` is the same). */
export type { FederationPolicy } from '../../protocol/index.js';
export type DatabaseSettings = FederationFile['database'];
