#!/usr/bin/env bash
# check-layers.sh - the module layering the design rests on, checked on the sources (docs/engine.md, "Layers").
#
#   * the engine (RaccoonCore) and the wire codec (ISAKMP) are sans-I/O: no Glibc, Dispatch, Foundation or other
#     OS module; the engine imports only the modules listed below;
#   * C stays in the basement: COpenSSL only in IKECrypto, CSELinux only in SELinuxPolicy;
#   * raccoonctl links only RaccoonAdmin (no engine, no daemon);
#   * the raccoon binary does not link the test-support module.
# Prints each violation as file:line: import and exits 1 if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
rc=0
violation() { echo "check-layers: $*" >&2; rc=1; }

# imports MODULE_DIR ALLOWED...: every import in the module's sources must be in ALLOWED.
imports() {
  local dir=$1; shift
  local allowed=" $* "
  while IFS=: read -r file line text; do
    module=$(sed -E 's/^[[:space:]]*(@_exported[[:space:]]+|@testable[[:space:]]+|@_spi\([A-Za-z]+\)[[:space:]]+)?((public|internal|package|private|fileprivate)[[:space:]]+)?import[[:space:]]+(class |struct |enum |func )?([A-Za-z_][A-Za-z0-9_]*).*/\5/' <<<"$text")
    [[ $allowed == *" $module "* ]] || violation "$file:$line: $dir may not import $module"
  done < <(grep -rnE '^[[:space:]]*(@[A-Za-z_()]+[[:space:]]+)*((public|internal|package|private|fileprivate)[[:space:]]+)?import[[:space:]]' "$dir" --include='*.swift')
}

imports Sources/RaccoonCore RaccoonAdmin IKECrypto SELinuxPolicy ISAKMP PFKeyListener ConfParser Logging
imports Sources/ISAKMP
while IFS= read -r hit; do
  violation "$hit: only IKECrypto wraps libcrypto"
done < <(grep -rn 'import COpenSSL' Sources --include='*.swift' | grep -v '^Sources/IKECrypto/' || true)
while IFS= read -r hit; do
  violation "$hit: only SELinuxPolicy wraps libselinux"
done < <(grep -rn 'import CSELinux' Sources --include='*.swift' | grep -v '^Sources/SELinuxPolicy/' || true)

# Target dependencies, from the package description.
deps() { swift package dump-package | python3 -c '
import json, sys
pkg = json.load(sys.stdin)
for t in pkg["targets"]:
    if t["name"] == sys.argv[1]:
        names = []
        for d in t["dependencies"]:
            for kind in ("byName", "target", "product"):
                if kind in d:
                    names.append(d[kind][0])
        print(" ".join(names))
' "$1"; }
[ "$(deps raccoonctl)" = "RaccoonAdmin" ] || violation "raccoonctl must depend on RaccoonAdmin only, not: $(deps raccoonctl)"
case " $(deps Raccoon) " in *" RaccoonTestSupport "*) violation "the raccoon binary must not link RaccoonTestSupport" ;; esac
imports Sources/raccoonctl RaccoonAdmin Glibc

[ $rc = 0 ] && echo "check-layers: PASS (engine sans-I/O, C in its two wrappers, raccoonctl and raccoon link what they should)"
exit $rc
