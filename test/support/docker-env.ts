// Runs before every integration and e2e test file.
// This machine has /.dockerenv, so testcontainers would otherwise dial the bridge address
// (172.17.0.1); containers are reached only through ports published on loopback. The reaper
// (ryuk) image cannot be pulled without a registry, so tests clean up after themselves.
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
