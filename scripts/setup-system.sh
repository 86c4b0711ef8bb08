#!/usr/bin/env bash
# Installs the Debian packages Hustings uses at run time and in tests, only when missing.
# `--bench` adds what `make bench` alone needs (wrk, the HTTP load generator).
set -euo pipefail
needed=()
if [ "${1:-}" = "--bench" ]; then
    command -v wrk >/dev/null 2>&1 || needed+=(wrk)
fi
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v tesseract >/dev/null 2>&1 || needed+=(tesseract-ocr tesseract-ocr-eng)
[ -e /usr/share/tesseract-ocr/5/tessdata/cym.traineddata ] || needed+=(tesseract-ocr-cym)
# dpkg, not `fc-list | grep -q`: with pipefail, grep closing the pipe early reads as "missing".
for package in fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0; do
    dpkg -s "$package" >/dev/null 2>&1 || needed+=("$package")
done
# pdftoppm and pdftotext: the guide pack tests render the PDF to look at its pages.
command -v pdftoppm >/dev/null 2>&1 || needed+=(poppler-utils)
if [ ${#needed[@]} -eq 0 ]; then
    exit 0
fi
echo "Installing Debian packages: ${needed[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
