// Starts reqlite on port 28015 (or $REQLITE_PORT) on all interfaces. We call the library
// directly because its launcher's --driver-port N listens on N + 28015 (a bug in 2.3.0).
const Server = require('reqlite');
const port = Number(process.env.REQLITE_PORT || 28015);
new Server({ 'driver-port': port, debug: false });
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
