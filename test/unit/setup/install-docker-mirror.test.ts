// scripts/install-docker.sh's read-only modes, without root and without touching the machine:
// `--print-mirror` reads apt sources written here to temporary directories (FEDLAB_APT_ETC), and
// `--check-distro` reads a temporary os-release (FEDLAB_OS_RELEASE). Host names below are never
// contacted; they only have to come back out of the script.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../../../src/shared/images.js';

const SCRIPT = join(PROJECT_ROOT, 'scripts', 'install-docker.sh');
const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

interface ScriptRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

async function runScript(args: string[], env: Record<string, string>): Promise<ScriptRun> {
  const r = await execa('bash', [SCRIPT, ...args], {
    cwd: PROJECT_ROOT,
    env,
    reject: false,
    stdin: 'ignore',
    timeout: 10_000,
  });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fedlab-unit-apt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh apt directory holding `files` (paths relative to it, e.g. sources.list.d/x.sources). */
async function aptDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(root, 'etc-apt-'));
  await mkdir(join(dir, 'sources.list.d'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

const printMirror = async (files: Record<string, string>): Promise<ScriptRun> =>
  runScript(['--print-mirror'], { FEDLAB_APT_ETC: await aptDir(files) });

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('install-docker.sh --print-mirror', () => {
  it('deb822: skips the security stanza, a disabled stanza, deb-src and comments', async () => {
    const r = await printMirror({
      'sources.list.d/debian.sources': lines(
        '# Debian, as a container image writes it (security first here on purpose)',
        'Types: deb',
        '# http://snapshot.debian.org/archive/debian-security/20250520T000000Z',
        'URIs: http://deb.debian.org/debian-security',
        'Suites: bookworm-security',
        'Components: main',
        `Signed-By: ${DEBIAN_KEYRING}`,
        '',
        'Types: deb',
        'URIs: http://disabled.example/debian',
        'Suites: bookworm',
        'Components: main',
        'Enabled: no',
        '',
        'Types: deb-src',
        'URIs: http://source-only.example/debian',
        'Suites: bookworm',
        'Components: main',
        '',
        '# the one to use:',
        'types: deb',
        'URIs: http://mirror.example/debian',
        'Suites: bookworm bookworm-updates',
        'Components: main contrib',
        `Signed-By: ${DEBIAN_KEYRING}`,
      ),
    });
    expect(r).toEqual({ exitCode: 0, stdout: 'http://mirror.example/debian', stderr: '' });
  });

  it('deb822: reads a URI on a continuation line, and the first of several URIs', async () => {
    const r = await printMirror({
      'sources.list.d/debian.sources': lines(
        'Types: deb deb-src',
        'URIs:',
        '  http://first.example/debian',
        '  http://second.example/debian',
        'Suites: trixie',
        'Components: main',
      ),
    });
    expect(r.stdout).toBe('http://first.example/debian');
  });

  it('one-line sources.list: [signed-by=...] options, cdrom and security lines, comments', async () => {
    const r = await printMirror({
      'sources.list': lines(
        '# deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 DVD]/ bookworm main',
        'deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 DVD]/ bookworm main',
        `deb [signed-by=${DEBIAN_KEYRING}] http://security.debian.org/debian-security bookworm-security main`,
        'deb-src http://source-only.example/debian bookworm main',
        `deb [arch=amd64 signed-by=${DEBIAN_KEYRING}] http://one-line.example/debian/ bookworm main non-free-firmware # the mirror`,
      ),
    });
    expect(r).toEqual({ exitCode: 0, stdout: 'http://one-line.example/debian/', stderr: '' });
  });

  it('one-line: options written with spaces inside the brackets', async () => {
    const r = await printMirror({
      'sources.list': lines(
        `deb [ arch=amd64 signed-by=${DEBIAN_KEYRING} ] http://spaced.example/debian bookworm main`,
      ),
    });
    expect(r.stdout).toBe('http://spaced.example/debian');
  });

  it('debootstrap: the plain one-line sources.list of the local Debian image', async () => {
    const r = await printMirror({ 'sources.list': lines('deb http://deb.debian.org/debian bookworm main') });
    expect(r.stdout).toBe('http://deb.debian.org/debian');
  });

  it('a .list file in sources.list.d when sources.list has only comments', async () => {
    const r = await printMirror({
      'sources.list': lines('# see sources.list.d'),
      'sources.list.d/debian.list': lines(
        'deb http://deb.debian.org/debian-security bookworm-security main',
        'deb http://list-d.example/debian bookworm main',
      ),
    });
    expect(r.stdout).toBe('http://list-d.example/debian');
  });

  it('skips third-party repositories that sort before the Debian entry', async () => {
    const r = await printMirror({
      'sources.list.d/brave-browser-release.sources': lines(
        'Types: deb',
        'URIs: https://brave-browser-apt-release.example/',
        'Suites: stable',
        'Components: main',
        'Signed-By: /usr/share/keyrings/brave-browser-archive-keyring.gpg',
      ),
      'sources.list.d/chrome.list': lines('deb [arch=amd64] https://chrome.example/deb/ stable main'),
      'sources.list.d/code.list': lines(
        'deb [signed-by=/usr/share/keyrings/microsoft.gpg] https://code.example/repos/code bookworm main',
      ),
      'sources.list.d/docker.list': lines(
        'deb [signed-by=/etc/apt/keyrings/docker.asc] https://docker.example/linux/debian bookworm stable',
      ),
      'sources.list.d/debian.sources': lines(
        'Types: deb',
        'URIs: http://after-third-party.example/debian',
        'Suites: bookworm',
        'Components: main',
        `Signed-By: ${DEBIAN_KEYRING}`,
      ),
      'sources.list.d/nodesource.sources': lines(
        'Types: deb',
        'URIs: https://nodesource.example/node_20.x',
        'Suites: nodistro',
        'Components: main',
      ),
    });
    expect(r.stdout).toBe('http://after-third-party.example/debian');
  });

  it('reads sources.list before sources.list.d, as apt does, and ignores other file names', async () => {
    const r = await printMirror({
      'sources.list': lines('deb http://main-list.example/debian bookworm main'),
      'sources.list.d/aaa.sources.disabled-by-farm': lines(
        'Types: deb',
        'URIs: http://disabled-file.example/debian',
        'Suites: bookworm',
        'Components: main',
      ),
      'sources.list.d/debian.sources': lines(
        'Types: deb',
        'URIs: http://list-d.example/debian',
        'Suites: bookworm',
        'Components: main',
      ),
    });
    expect(r.stdout).toBe('http://main-list.example/debian');
  });

  it.each<[string, Record<string, string>]>([
    ['no apt sources at all', {}],
    [
      'only security, deb-src, disabled and commented entries',
      {
        'sources.list': lines(
          '# deb http://commented.example/debian bookworm main',
          'deb-src http://source-only.example/debian bookworm main',
          'deb http://deb.debian.org/debian-security bookworm-security main',
        ),
        'sources.list.d/debian.sources': lines(
          'Types: deb',
          'URIs: http://disabled.example/debian',
          'Suites: bookworm',
          'Components: main',
          'Enabled: no',
        ),
        'sources.list.d/old.list.save': lines('deb http://backup-file.example/debian bookworm main'),
      },
    ],
  ])('fails and prints nothing on stdout with %s', async (_name, files) => {
    const r = await printMirror(files);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ERROR: no Debian mirror entry in .*sources\.list/);
  });
});

describe('install-docker.sh --check-distro', () => {
  const checkDistro = async (osRelease: string): Promise<ScriptRun> => {
    const file = join(await mkdtemp(join(root, 'os-')), 'os-release');
    await writeFile(file, osRelease);
    return runScript(['--check-distro'], { FEDLAB_OS_RELEASE: file });
  };
  const BY_HAND = /install Docker Engine \(API 1\.41 or later\) with the Compose v2 plugin yourself/;

  it('accepts Debian bookworm and trixie', async () => {
    for (const codename of ['bookworm', 'trixie']) {
      const r = await checkDistro(lines('ID=debian', `VERSION_CODENAME=${codename}`));
      expect(r).toEqual({
        exitCode: 0,
        stdout: `[setup] Debian ${codename}: fedlab can install Docker here`,
        stderr: '',
      });
    }
  });

  it('refuses another distribution, naming it and what to install by hand', async () => {
    const r = await checkDistro(
      lines('PRETTY_NAME="Ubuntu 24.04 LTS"', 'ID=ubuntu', 'ID_LIKE=debian', 'VERSION_CODENAME=noble'),
    );
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('this system is Ubuntu 24.04 LTS (ID=ubuntu');
    expect(r.stderr).toContain('not Debian');
    expect(r.stderr).toMatch(BY_HAND);
  });

  it('refuses a Debian release it does not know, and one with no codename', async () => {
    const old = await checkDistro(lines('ID="debian"', 'VERSION_CODENAME="bullseye"'));
    expect(old.exitCode).toBe(1);
    expect(old.stderr).toContain("Debian 'bullseye' is not a release fedlab knows (bookworm, trixie)");
    expect(old.stderr).toMatch(BY_HAND);
    const sid = await checkDistro(lines('PRETTY_NAME="Debian GNU/Linux sid"', 'ID=debian'));
    expect(sid.exitCode).toBe(1);
    expect(sid.stderr).toContain('names no release');
  });

  it('refuses when the os-release file is missing', async () => {
    const r = await runScript(['--check-distro'], { FEDLAB_OS_RELEASE: join(root, 'no-such-os-release') });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/cannot tell which system this is .*no-such-os-release is missing/);
  });
});

describe('install-docker.sh arguments', () => {
  it('refuses an unknown argument with the usage', async () => {
    const r = await runScript(['--frobnicate'], {});
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("unknown argument '--frobnicate'; usage:");
  });
});
