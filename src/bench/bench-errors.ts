/** Expected failures of the node bench, each saying what to do next. */
import { FedlabError } from '../shared/errors.js';

export class BenchImageMissingError extends FedlabError {
  constructor(image: string) {
    super(
      'BENCH_IMAGE_MISSING',
      `the RethinkDB image ${image} is not present locally, so the rethinkdb engine cannot run. ` +
        'Build it with ./scripts/setup.sh (without a registry it needs FEDLAB_RETHINKDB_TARBALL set to a ' +
        'RethinkDB 2.4.4 server build tarball), or run with --engine reqlite',
      { details: { image } },
    );
  }
}

export class BenchDockerUnavailableError extends FedlabError {
  constructor(problem: string) {
    super(
      'BENCH_DOCKER_UNAVAILABLE',
      `no Docker engine answers (${problem}), so the rethinkdb engine cannot run. ` +
        'Start one with ./scripts/setup.sh (it installs and starts dockerd), or run with --engine reqlite',
      { details: { problem } },
    );
  }
}

export class BenchClusterError extends FedlabError {
  constructor(what: string, problem: string, logsTail = '') {
    super(
      'BENCH_CLUSTER_FAILED',
      `the bench RethinkDB cluster failed: ${what}: ${problem}` + (logsTail ? `\n${logsTail}` : ''),
      { details: { what, problem, logsTail } },
    );
  }
}
