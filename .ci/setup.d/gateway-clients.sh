#!/usr/bin/env bash
# Installs the official OpenAI and Anthropic Node SDKs that Moat.Gateway.Tests drive through the
# gateway, exactly at the versions of the committed package-lock.json. Idempotent (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../../tests/Moat.Gateway.Tests/clients"
if ! command -v npm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
