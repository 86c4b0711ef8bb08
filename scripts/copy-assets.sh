#!/usr/bin/env bash
# Copies govuk-frontend's built assets (installed by npm, never committed) into the static folder.
set -euo pipefail
src=node_modules/govuk-frontend/dist/govuk
dest=src/hustings/web/static/govuk
if [ ! -d "$src" ]; then
    echo "govuk-frontend is not installed: run npm ci" >&2
    exit 1
fi
mkdir -p "$dest"
cp "$src/govuk-frontend.min.css" "$src/govuk-frontend.min.js" "$dest/"
rm -rf "$dest/assets"
cp -r "$src/assets" "$dest/assets"
