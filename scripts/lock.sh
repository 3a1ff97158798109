#!/usr/bin/env bash
# Refresh constraints.txt: install zhibiao with its test extras, unpinned, into a clean venv made
# by the system's Python with the pip that venv brings (as the README's first command does), and
# record exactly what that pip resolved. Run from the repository root: bash scripts/lock.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet -e '.[test]'
{
  echo "# Pins for the README's install and .ci/run (pip install -c constraints.txt -e '.[test]')."
  echo "# Made by scripts/lock.sh with $("$tmp/venv/bin/python" --version) and pip $("$tmp/venv/bin/pip" --version | cut -d' ' -f2); do not edit by hand."
  "$tmp/venv/bin/pip" freeze --exclude-editable --all | grep -v -E '^(pip|setuptools|wheel)=='
} > constraints.txt
echo "constraints.txt: $(grep -vc '^#' constraints.txt) pins"
