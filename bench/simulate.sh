#!/usr/bin/env bash
# Generation speed and peak memory of `moat simulate` for a 5-million-exchange run.
# Not a unit test: run by hand, copy the figures into docs/simulation.md.
#
#   bench/simulate.sh [EXCHANGES] [EXTRA simulate ARGS...]
#   bench/simulate.sh 5000000 --response-text none
#
# Uses the incident preset (gzip, response text truncated to 200 chars, history trimmed),
# scaled to EXCHANGES with the same organic/attack mix, over 45 days.
set -euo pipefail
cd "$(dirname "$0")/.."
exchanges="${1:-5000000}"
shift || true
out="$(mktemp -d "${TMPDIR:-/tmp}/moat-simulate-bench.XXXXXX")"
trap 'rm -rf "$out"' EXIT

dotnet build src/Moat.Cli -c Release -v quiet -nologo >/dev/null
moat=src/Moat.Cli/bin/Release/net10.0/moat

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: moat simulate --scenario incident --exchanges $exchanges --quiet $* --out $out"
/usr/bin/time -v "$moat" simulate --scenario incident --exchanges "$exchanges" --quiet "$@" --out "$out" 2> "$out/time.txt" | head -1
grep -E "Elapsed \(wall|Maximum resident|User time|System time|Percent of CPU" "$out/time.txt"
ls -l "$out" | awk 'NR > 1 && $9 != "time.txt" { printf "%-22s %8.1f MiB\n", $9, $5 / 1048576 }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
