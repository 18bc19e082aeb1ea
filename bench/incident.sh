#!/usr/bin/env bash
# Incident-scale benchmark (issue: scan 28.8M campaign exchanges + organic background on 2 cores).
#
#   bench/incident.sh [DATA_DIR] [OUT_DIR]
#
# Generates the `incident` preset into DATA_DIR once (reused on later runs), then in one run:
#   1. the bare pass: moat-tokenize-pass tokenises every line with Utf8JsonReader (the floor);
#   2. moat scan over the same files, under /usr/bin/time -v (wall time, peak RSS), with --timings
#      (seconds per phase: reading, mining templates, scoring, linking, campaigns, writing);
#   3. moat eval against the ground truth.
# Prints one JSON summary line per step and a final table; docs/performance.md records the figures.
# Env: SEED (default 7), SIM_ARGS (extra simulate options, e.g. "--set organic.accounts=120000"),
#      SCAN_ARGS (extra scan options).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-/work/incident-data}
OUT=${2:-$DATA/scan}
SEED=${SEED:-7}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_gcServer=1

dotnet build src/Moat.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/Moat.TokenizePass -c Release -v q -nologo >/dev/null
MOAT=src/Moat.Cli/bin/Release/net10.0/moat
PASS=bench/Moat.TokenizePass/bin/Release/net10.0/moat-tokenize-pass

if [ ! -s "$DATA/labels.jsonl" ]; then
  echo "== generating incident preset into $DATA (once)" >&2
  # Response text is truncated so 59M exchanges fit on disk; prompts stay whole (detection reads them).
  /usr/bin/time -v -o "$DATA.simulate.time" \
    "$MOAT" simulate --scenario incident --seed "$SEED" --out "$DATA" --quiet ${SIM_ARGS:-}
fi
shopt -s nullglob
EXCHANGES=("$DATA"/exchanges*.jsonl*)
[ ${#EXCHANGES[@]} -gt 0 ] || { echo "no exchanges*.jsonl in $DATA" >&2; exit 3; }
du -ch "${EXCHANGES[@]}" | tail -1 >&2

# Drop the page cache is not possible without root in CI; warm both runs equally instead.
echo "== bare pass" >&2
"$PASS" "${EXCHANGES[@]}" | tee "$DATA/bare-pass.json"

echo "== scan" >&2
rm -rf "$OUT"
/usr/bin/time -v -o "$DATA/scan.time" \
  "$MOAT" scan --exchanges "${EXCHANGES[@]}" --accounts "$DATA/accounts.jsonl" --out "$OUT" --quiet --timings ${SCAN_ARGS:-} \
  2> "$DATA/scan-phases.txt" || true
cat "$DATA/scan-phases.txt" >&2
grep -E "Elapsed|Maximum resident|Percent of CPU" "$DATA/scan.time" >&2

echo "== eval" >&2
"$MOAT" eval --labels "$DATA/labels.jsonl" --scan "$OUT" | tee "$DATA/eval.txt"
"$MOAT" eval --labels "$DATA/labels.jsonl" --scan "$OUT" --json > "$DATA/eval.json" || true

python3 - "$DATA" <<'PY'
import json, re, sys
d = sys.argv[1]
bare = json.load(open(f"{d}/bare-pass.json"))
t = open(f"{d}/scan.time").read()
m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
h, mi, s = m.groups()
wall = (int(h or 0) * 3600) + int(mi) * 60 + float(s)
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
cpu = re.search(r"Percent of CPU this job got: (\d+)%", t).group(1)
n = bare["lines"]
print(json.dumps({
    "exchanges": n, "bytes": bare["bytes"],
    "bare_pass_s": bare["seconds"], "scan_s": round(wall, 1),
    "ratio_scan_to_bare": round(wall / bare["seconds"], 2),
    "scan_exchanges_per_s": round(n / wall), "peak_rss_gib": round(rss_kb / 1048576, 2),
    "cpu_percent": int(cpu),
}))
PY
