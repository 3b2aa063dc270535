import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderOperatorCompose } from '../../../src/lab/compose/operator-compose.js';
import { defineFederation } from '../../../src/lab/federation-file/parse.js';
import { resolveFederation } from '../../../src/lab/federation/model.js';
import { imageVersions, PROJECT_ROOT } from '../../../src/shared/images.js';

// compose/example-operator.yaml is documentation that must not drift from the generator:
// it is exactly what fedlab writes for operator alpha of a three-operator rethinkdb federation.
// Regenerate it with FEDLAB_UPDATE_EXAMPLES=1 when the generator changes on purpose.
describe('compose/example-operator.yaml', () => {
  const fed = resolveFederation(
    defineFederation({
      name: 'demo',
      engine: 'rethinkdb',
      operators: [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }],
    }),
  );
  const versions = imageVersions();
  const rendered = renderOperatorCompose({
    federation: 'demo',
    network: fed.network,
    operator: fed.operators[0]!,
    engine: 'rethinkdb',
    images: { node: versions.images.node, rethinkdb: versions.images.rethinkdb },
    publishDatabase: fed.database.publish,
  });
  const file = resolve(PROJECT_ROOT, 'compose', 'example-operator.yaml');

  it('is what the generator writes today', () => {
    if (process.env.FEDLAB_UPDATE_EXAMPLES === '1') writeFileSync(file, rendered);
    expect(readFileSync(file, 'utf8')).toBe(rendered);
  });
});
