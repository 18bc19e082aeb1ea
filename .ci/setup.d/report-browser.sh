#!/usr/bin/env bash
# Browser tests of report.html (tests/Moat.Reports.Tests): Debian's Chromium, never a downloaded browser,
# driven by playwright-core from the npm registry (exact version pinned by the committed package-lock.json).
# Idempotent: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}" fonts-dejavu-core
fi

npm ci --prefix tests/Moat.Reports.Tests/browser --no-audit --no-fund
