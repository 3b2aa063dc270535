import { describeRethinkdbImage, selectEngine } from '../../../src/lab/engine/engine.js';
import { ensureImages, unbuildableImages } from '../../../src/lab/engine/ensure-images.js';
import { ImageMissingError } from '../../../src/lab/errors.js';
import { defaultImages } from '../../../src/lab/context.js';
import { imageVersions } from '../../../src/shared/images.js';
import { FakeDocker } from '../../support/lab-fakes.js';

const IMAGES = {
  node: 'fedlab/node:0.1.0',
  reqlite: 'fedlab/reqlite:2.3.0',
  rethinkdb: 'fedlab/rethinkdb:2.4.4',
};
const OFFICIAL = 'rethinkdb:2.4.4-bookworm-slim';

describe('engine and images', () => {
  it("runs fedlab's own RethinkDB image (images.rethinkdb), not the official one", () => {
    const versions = imageVersions();
    expect(defaultImages().rethinkdb).toBe(versions.images.rethinkdb);
    expect(defaultImages().rethinkdb).not.toBe(versions.rethinkdb.officialImage);
  });

  it('auto picks rethinkdb when fedlab/rethinkdb is present, else reqlite', async () => {
    const docker = new FakeDocker();
    docker.images.add(OFFICIAL); // the official image alone is only a build input
    expect(await selectEngine('auto', docker, IMAGES)).toBe('reqlite');
    docker.images.add(IMAGES.rethinkdb);
    expect(await selectEngine('auto', docker, IMAGES)).toBe('rethinkdb');
    expect(await selectEngine('reqlite', docker, IMAGES)).toBe('reqlite');
  });

  it('says which RethinkDB image runs and where it came from', async () => {
    const docker = new FakeDocker();
    docker.images.add(IMAGES.rethinkdb);
    docker.imageLabelsOf.set(IMAGES.rethinkdb, { 'fedlab.rethinkdb.source': `official image ${OFFICIAL}` });
    expect(await describeRethinkdbImage(docker, IMAGES.rethinkdb)).toBe(
      `RethinkDB image fedlab/rethinkdb:2.4.4: official image ${OFFICIAL}`,
    );
    docker.imageLabelsOf.clear();
    expect(await describeRethinkdbImage(docker, IMAGES.rethinkdb)).toMatch(
      /no fedlab\.rethinkdb\.source label/,
    );
  });

  describe('building fedlab/rethinkdb', () => {
    const unbuildable = (docker: FakeDocker, env: NodeJS.ProcessEnv = {}) =>
      unbuildableImages('rethinkdb', docker, IMAGES, env, OFFICIAL);

    it('is possible with a server build tarball or the official image present', async () => {
      const docker = new FakeDocker();
      expect(await unbuildable(docker, { FEDLAB_RETHINKDB_TARBALL: '/x/rethinkdb.tar.gz' })).toEqual({});
      docker.images.add(OFFICIAL);
      expect(await unbuildable(docker)).toEqual({});
      expect(await unbuildableImages('reqlite', new FakeDocker(), IMAGES, {}, OFFICIAL)).toEqual({});
    });

    it('otherwise fails with what to do, before running the build script', async () => {
      const docker = new FakeDocker();
      docker.images.add(IMAGES.node);
      const error = await ensureImages(docker, [IMAGES.node, IMAGES.rethinkdb], {
        projectRoot: '/nonexistent',
        build: true,
        unbuildable: await unbuildable(docker),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImageMissingError);
      const message = (error as Error).message;
      expect(message).toMatch(/^image fedlab\/rethinkdb:2\.4\.4 missing locally; /);
      expect(message).toMatch(/set FEDLAB_RETHINKDB_TARBALL to a RethinkDB server build/);
      expect(message).toMatch(/let \.\/scripts\/setup\.sh pull rethinkdb:2\.4\.4-bookworm-slim/);
      expect(message).toMatch(/use engine reqlite/);
    });
  });
});
