#!/usr/bin/env bash
# Every C file follows .clang-format. Prints the files that differ and how
# to fix them; the plain closing line counts them.
set -uo pipefail
cd "$(dirname "$0")/../.."
bad=0 n=0
while IFS= read -r f; do
  n=$((n + 1))
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f (run: clang-format -i $f)"
    bad=$((bad + 1))
  fi
done < <(git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null || find src tests bench -name '*.[ch]')
echo "$((n - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
