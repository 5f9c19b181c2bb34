#!/usr/bin/env bash
# Executes notebooks headlessly with the rectifier-java kernel, then checks the results:
#
#   notebooks/run-notebooks.sh [--jupyter-dir DIR] [--fail-fast] [NOTEBOOK...]
#
#   NOTEBOOK...        default: every notebooks/*.ipynb
#   --jupyter-dir DIR  the kernel spec was installed with install-kernel.sh --jupyter-dir DIR
#                      (puts DIR on JUPYTER_PATH; without it the user's installed spec is used)
#   --fail-fast        stop each notebook at its first failing cell (nbconvert's default); the
#                      executed copy is then not written. Default: run every cell, keep the copy.
#
# Executed copies (with outputs) go to notebooks/target/executed/, nbconvert's and the kernel's
# console output to notebooks/target/executed/NAME.log, Spark's log4j output to
# notebooks/target/logs/kernel.log. notebooks/check_notebook.py then fails on any error output, on
# a cell tagged "chart" without an image/png output, on a cell that did not run, and on an output
# that names an absolute path of this machine (cells print paths relative to the project).
# A kernel that dies while starting (a race in the kernel, see kernel-init.jshell) is started
# again, up to 5 times. NOTEBOOK_PYTHON: a python3 with nbconvert other than /usr/bin/python3.
# Exit status: 0 when every notebook ran and passed the checks, 1 otherwise.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
py="${NOTEBOOK_PYTHON:-/usr/bin/python3}"   # Debian's, which has nbconvert (see install-kernel.sh)
kernel_name=rectifier-java
out_dir="$root/notebooks/target/executed"

fail_fast=false
notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jupyter-dir) [ $# -ge 2 ] || { echo "--jupyter-dir needs a value" >&2; exit 2; }
                   [ -d "$2" ] || { echo "--jupyter-dir $2: no such directory" >&2; exit 2; }
                   JUPYTER_PATH="$(cd "$2" && pwd)${JUPYTER_PATH:+:$JUPYTER_PATH}"
                   export JUPYTER_PATH; shift 2 ;;
    --fail-fast)   fail_fast=true; shift ;;
    -h|--help)     awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    --)            shift; notebooks+=("$@"); break ;;
    -*)            echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    *)             notebooks+=("$1"); shift ;;
  esac
done
if [ ${#notebooks[@]} -eq 0 ]; then
  shopt -s nullglob
  notebooks=("$root"/notebooks/*.ipynb)
  shopt -u nullglob
  [ ${#notebooks[@]} -gt 0 ] || { echo "no notebooks in $root/notebooks" >&2; exit 2; }
fi
for nb in "${notebooks[@]}"; do
  [ -f "$nb" ] || { echo "$nb: no such notebook" >&2; exit 2; }
done

if ! "$py" -c 'import nbconvert, nbformat' 2>/dev/null; then
  echo "$py lacks nbconvert/nbformat: run notebooks/install-kernel.sh first" >&2
  exit 1
fi
if ! "$py" -c 'import sys
from jupyter_client.kernelspec import KernelSpecManager
KernelSpecManager().get_kernel_spec(sys.argv[1])' "$kernel_name" 2>/dev/null; then
  echo "no Jupyter kernel spec '$kernel_name' (JUPYTER_PATH=${JUPYTER_PATH:-}):" \
       "run notebooks/install-kernel.sh [--jupyter-dir DIR] first" >&2
  exit 1
fi

mkdir -p "$out_dir"
nbconvert_flags=(--to notebook --execute
  --ExecutePreprocessor.kernel_name="$kernel_name"
  --ExecutePreprocessor.timeout=900          # per cell, seconds: training cells can be long
  # Kernel start: 3-6 s here. A start that hangs (see below) never answers, so a long wait only
  # delays the retry: 20 s still leaves a busy machine 3x the usual time.
  --ExecutePreprocessor.startup_timeout=20
  --output-dir "$out_dir")
$fail_fast || nbconvert_flags+=(--allow-errors)

failed=()
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  executed="$out_dir/$name.ipynb"
  log="$out_dir/$name.log"
  rm -f "$executed" "$log".start-*
  start=$(date +%s%N)
  # The kernel sometimes dies or hangs at start-up, before the first cell (a race inside it, see
  # kernel-init.jshell): only that failure is retried, never one after cells ran. On 2 Dec 2026
  # 4 of 9 starts hung here (its shell channel never answered kernel_info), so the retries are
  # many and short: 6 attempts of at most 20 s each.
  for attempt in 1 2 3 4 5 6; do
    set +e
    "$py" -m nbconvert "${nbconvert_flags[@]}" "$nb" >"$log" 2>&1
    rc=$?
    set -e
    if [ $rc -ne 0 ] && [ $attempt -lt 6 ] \
        && grep -q -e 'Kernel died before replying to kernel_info' -e "Kernel didn't respond in" \
                   "$log"; then
      mv "$log" "$log.start-$attempt"
      echo "     $name: the kernel died at start-up (attempt $attempt, $log.start-$attempt);" \
           "starting it again"
      continue
    fi
    break
  done
  seconds="$(awk -v ns="$(( $(date +%s%N) - start ))" 'BEGIN { printf "%.1f", ns / 1e9 }')"
  if [ $rc -ne 0 ]; then
    echo "FAIL $nb: nbconvert exited $rc after ${seconds} s; its output (full: $log):" >&2
    # The kernel lists every classpath entry at start-up; leave that out of the excerpt.
    grep -v -e '^Parsing classpath: ' -e '^Add .* to classpath$' \
            -e '^\[[0-9-]* [0-9:]*\] \[INFO' "$log" \
      | tail -n 25 | sed 's/\x1b\[[0-9;]*m//g; s/^/    /' >&2
    failed+=("$nb")
    continue
  fi
  if "$py" "$root/notebooks/check_notebook.py" "$executed"; then
    echo "     $name: ${seconds} s"
  else
    echo "     $name: ${seconds} s, FAILED the checks (executed copy: $executed)" >&2
    failed+=("$nb")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "${#failed[@]} of ${#notebooks[@]} notebook(s) failed: ${failed[*]}" >&2
  echo "(Spark/Rectifier log: $root/notebooks/target/logs/kernel.log)" >&2
  exit 1
fi
echo "${#notebooks[@]} notebook(s) passed"
