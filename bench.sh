#!/usr/bin/env bash
# Benchmarks of the identity governance pack (README, "Benchmarks"). Builds the pack, then:
#   ./bench.sh [--pairs N] [--seconds S] [--slice S] [--warmup S] [--users N] [--grants a,b] [--db dev-file|postgres]
#              [--audit on|off] [--audit-exclude TYPE,TYPE|none] [--http-sink-outage on|off]
#              [--controls all|none|lifecycle,credentials,segmentation,limits,step-up,machine-login,agent-guard,approval]
#              [--baseline stock|pack]  (pack: the baseline realm is the pack's, without token-time controls)
#                                                                             A/B run on one Keycloak 26.7.3
#   ./bench.sh jmh [JMH options]                                                  JMH on the core paths
# Defaults: 5 pairs of 20 s rounds per grant, each pair run in 2 s slices alternating between the realms (--slice equal
# to --seconds: whole rounds, one realm after the other), 20 s warm-up per realm, 8 users, all grants (client-credentials, password,
# refresh, token-exchange, userinfo, introspection). Results: benchmarks/target/results.md and results.json
# (A/B), benchmarks/target/jmh-results.json (JMH). Load goes to 127.0.0.1 only and every run ends by itself.
set -euo pipefail
cd "$(dirname "$0")"

props=()
if [ "${1-}" = "jmh" ]; then
  shift
  props=(-Dbench.ab.skip=true -Dbench.jmh.skip=false)
  [ $# -gt 0 ] && props+=("-Dbench.jmh.args=$*")
else
  while [ $# -gt 0 ]; do
    case "$1" in -h|--help) sed -n '2,12p' "$0"; exit 0 ;; esac
    [ $# -ge 2 ] || { echo "$1 needs a value (see ./bench.sh --help)" >&2; exit 2; }
    case "$1" in
      --pairs) props+=("-Dbench.pairs=$2") ;;
      --seconds) props+=("-Dbench.duration.seconds=$2") ;;
      --slice) props+=("-Dbench.slice.seconds=$2") ;;
      --warmup) props+=("-Dbench.warmup.seconds=$2") ;;
      --users) props+=("-Dbench.users=$2") ;;
      --grants) props+=("-Dbench.grants=$2") ;;
      --db) props+=("-Dbench.db=$2") ;;
      --audit) props+=("-Dbench.audit=$2") ;;
      --audit-exclude) props+=("-Dbench.audit.exclude=$2") ;;
      --http-sink-outage) props+=("-Dbench.http.sink.outage=$2") ;;
      --controls) props+=("-Dbench.controls=$2") ;;
      --baseline) props+=("-Dbench.baseline=$2") ;;
      *) echo "Unknown argument: $1 (see ./bench.sh --help)" >&2; exit 2 ;;
    esac
    shift 2
  done
fi

# -am builds the pack and the harness in the same reactor; -DskipTests keeps their test suites out of it.
exec ./mvnw -B -Pbench -pl benchmarks -am -DskipTests "${props[@]}" verify
