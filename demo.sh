#!/usr/bin/env bash
# Runs Keycloak 26 with the identity governance pack and the governance-demo realm on 127.0.0.1 until Ctrl-C.
# Usage: ./demo.sh [--port N]        (or IDGOV_DEMO_PORT=N ./demo.sh; default 8080, management port N+1000)
# Keycloak's home and H2 data live in integration-tests/target/demo/ and survive restarts (not `mvn clean`).
set -euo pipefail
cd "$(dirname "$0")"

args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || { echo "--port needs a value" >&2; exit 2; }; args=(--port "$2"); shift 2 ;;
    --port=*) args=(--port "${1#--port=}"); shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "Unknown argument: $1 (usage: ./demo.sh [--port N])" >&2; exit 2 ;;
  esac
done

# Rebuild only when the pack is missing, a source, realm export or POM is newer than it, or the modules the
# launcher resolves from the local Maven repository are not this build's (a `verify` builds without installing).
pack=$(ls pack/target/keycloak-identity-governance-*.jar 2>/dev/null | head -n 1 || true)
version=${pack#pack/target/keycloak-identity-governance-}; version=${version%.jar}
repo=${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}/io/github/idgov
if [ -z "$pack" ] || [ -n "$(find . \( -name target -o -name .git -o -name .demo \) -prune -o \
      \( -path '*/src/*' -o -path './realm-exports/*.json' -o -name pom.xml \) -type f -newer "$pack" -print -quit)" ] \
    || ! cmp -s "$pack" "$repo/idgov-pack/$version/idgov-pack-$version.jar" \
    || [ ! -f "$repo/idgov-kafka-test-broker/$version/idgov-kafka-test-broker-$version.jar" ]; then
  echo "Building the pack (./mvnw -B -q -DskipTests install) ..."
  ./mvnw -B -q -DskipTests install
fi

# exec: Ctrl-C reaches Maven's JVM directly, whose shutdown hook stops Keycloak.
exec ./mvnw -B -q -pl integration-tests compile exec:java \
  -Dexec.mainClass=io.github.idgov.it.demo.DemoServer -Dexec.args="${args[*]-}"
