// tsc writes dist/node/cli.js without the executable bit; npx and npm's bin
// links need it, or a fresh clone can fail with "Permission denied".
import { chmodSync } from 'node:fs';
chmodSync('dist/node/cli.js', 0o755);
