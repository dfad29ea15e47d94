#!/usr/bin/env bash
# Rebuild plotly-book.min.js (committed, so building the book needs no Node.js).
# Run it after changing bundle.json, or when requirements.txt moves plotly to a
# release that bundles another plotly.js (bundle.json's "plotly.js" must match
# `python -c "from plotly.offline import get_plotlyjs_version as v; print(v())"`,
# or the book falls back to plotly's full 4.8 MB bundle).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/bundle.json" "$here/build.js" "$work/"
cd "$work"
npm install --no-audit --no-fund --ignore-scripts --loglevel=error
node build.js
cp plotly-book.min.js "$here/"
