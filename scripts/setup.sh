#!/usr/bin/env bash
# Installs the system packages Converge links against, if any are missing.
# Converge needs OpenBLAS (matrix products), libedit (line editing at the prompt) and
# Snowball's stemmer (reading answers and diagnoses).
set -euo pipefail

packages=(libopenblas-dev libedit-dev libstemmer-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Converge needs these system packages, which are not installed: ${missing[*]}" >&2
  echo "Install them (as root on Debian or Ubuntu) with:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  echo "then run the same make command again." >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
