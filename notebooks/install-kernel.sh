#!/usr/bin/env bash
# Installs the Jupyter kernel "rectifier-java": Java cells (JShell) with Spark and Rectifier on the
# classpath, running a local Spark inside the kernel's JVM. Safe to run again (rewrites the spec).
#
#   notebooks/install-kernel.sh [--classpath CP] [--jupyter-dir DIR] [--heap SIZE]
#
#   --classpath CP    ':'-separated classpath (as a JVM gives it) for the cells; skips the build.
#                     Default: build the project and use examples + spark-plugin classes and the
#                     examples module's compile classpath (Spark, JFreeChart, ...).
#   --jupyter-dir DIR write the spec to DIR/kernels/rectifier-java (use with JUPYTER_PATH=DIR)
#                     instead of installing it for the user (~/.local/share/jupyter/kernels).
#   --heap SIZE       kernel JVM -Xmx (default 4g): Spark's driver and executors live in it.
#
# Needs Java 17+ and Maven. Jupyter's Python side comes from Debian packages (installed here when
# root or password-less sudo; otherwise the missing ones are listed and the script exits 3), for
# /usr/bin/python3 or the interpreter NOTEBOOK_PYTHON names.
# Re-run it after changing dependencies (the jar list is baked into kernel.json); rebuilt
# classes only need a kernel restart (target/classes directories are on the classpath).
set -euo pipefail

caller_dir="$PWD"   # relative --classpath entries and --jupyter-dir are relative to it
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }

classpath=""
jupyter_dir=""
heap="4g"
while [ $# -gt 0 ]; do
  case "$1" in
    --classpath) [ $# -ge 2 ] || { echo "--classpath needs a value" >&2; exit 2; }
                 classpath="$2"; shift 2 ;;
    --jupyter-dir) [ $# -ge 2 ] || { echo "--jupyter-dir needs a value" >&2; exit 2; }
                 jupyter_dir="$2"; shift 2 ;;
    --heap) [ $# -ge 2 ] || { echo "--heap needs a value" >&2; exit 2; }
                 heap="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Debian's interpreter unless NOTEBOOK_PYTHON names another one that has Jupyter: the python3
# first on PATH may be a pyenv/venv build without the Jupyter modules (and PyPI is not assumed
# reachable, so nothing is pip-installed into it).
py="${NOTEBOOK_PYTHON:-/usr/bin/python3}"
kernel_name=rectifier-java
kernel_version=3.0.1   # io.github.padreati:rapaio-jupyter-kernel, self-contained, runs on Java 17

# --- 1. Jupyter's Python side: nbformat/nbclient/nbconvert to execute notebooks headlessly,
#        jupyter_client/jupyter_core for `python3 -m jupyter kernelspec`.
missing_packages() {
  local module pkg
  for module in nbformat:python3-nbformat nbclient:python3-nbclient nbconvert:python3-nbconvert \
                jupyter_client:jupyter-client jupyter_core:jupyter-core; do
    pkg="${module#*:}"; module="${module%%:*}"
    if ! [ -x "$py" ] || ! "$py" -c "import $module" 2>/dev/null; then echo "$pkg"; fi
  done
}
mapfile -t missing < <(missing_packages)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -eq 0 ]; then
    :
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "Missing Debian packages for Jupyter (needed by $py): ${missing[*]}" >&2
    echo "Install them as root:  apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 3
  fi
  if ! command -v apt-get >/dev/null; then
    echo "Missing Debian packages for Jupyter: ${missing[*]} (no apt-get on this machine)" >&2
    exit 3
  fi
  echo "Installing ${missing[*]} with apt-get"
  apt_install() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
                    apt-get install -y -q --no-install-recommends "${missing[@]}"; }
  # Package lists are usually fresh enough; only refresh them when the install fails (stale
  # lists give 404s on superseded .debs), to keep reruns fast and offline-friendly.
  apt_install || { "${sudo[@]}" apt-get update -q && apt_install; }
  mapfile -t still < <(missing_packages)
  if [ ${#still[@]} -gt 0 ]; then
    echo "Still missing after apt-get install: ${still[*]}" >&2
    exit 3
  fi
fi

# --- 2. The kernel: one jar from Maven Central (ZeroMQ, Gson and the Maven resolver are shaded
#        in). -N: dependency:copy needs no project, and without it it would run once per module.
kernel_dir="$root/notebooks/target/kernel"
kernel_jar="$kernel_dir/rapaio-jupyter-kernel-$kernel_version.jar"
if [ ! -s "$kernel_jar" ]; then
  mvn -q -B -ntp -N dependency:copy \
    -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$kernel_version" \
    -DoutputDirectory="$kernel_dir"
fi

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_bin="$(command -v "$java_bin")" || { echo "no java on PATH (Java 17+ needed)" >&2; exit 1; }
java_major="$("$java_bin" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = //p')"
if [ "${java_major%%.*}" -lt 17 ] 2>/dev/null; then
  echo "$java_bin is Java $java_major; Spark 3.5 + Rectifier need Java 17+" >&2
  exit 1
fi

# --- 3. The cells' classpath: the same as examples/run.sh's (examples/classpath.sh builds when
#        a pom or a source is newer than its cached list). Classes directories come first, so a
#        rebuild is seen after a kernel restart without reinstalling the spec.
if [ -z "$classpath" ]; then
  classpath="$(examples/classpath.sh)"
fi

# --- 4. The kernel spec.
# JVM flags: the Java 17 add-opens Spark needs plus the Vector API module (conf/jvm-options: JShell
# runs the cells inside the kernel's own JVM, so the kernel's flags are Spark's flags).
mapfile -t jvm_flags < <(grep -v '^#' conf/jvm-options \
                           | sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep .)
log_file="$root/notebooks/target/logs/kernel.log"
mkdir -p "$(dirname "$log_file")"

if [ -n "$jupyter_dir" ]; then
  case "$jupyter_dir" in /*) ;; *) jupyter_dir="$caller_dir/$jupyter_dir" ;; esac
  mkdir -p "$jupyter_dir"
  spec_dir="$(cd "$jupyter_dir" && pwd)/kernels/$kernel_name"
else
  spec_dir="$root/notebooks/target/kernelspec/$kernel_name"
fi
rm -rf "$spec_dir"
mkdir -p "$spec_dir"

# Written by Python's json module: the values are paths and flags, JSON-escaping them in bash is
# asking for trouble. Environment of the kernel:
#   RJK_CLASSPATH         the kernel's classpath variable: ';'-separated, relative entries would be
#                         taken relative to each notebook, so every entry is made absolute here.
#   OPENBLAS_NUM_THREADS  1: Spark's tasks are the parallelism; a threaded native BLAS per task
#                         oversubscribes the cores (same as the tests and spark-defaults.conf).
#   SPARK_LOCAL_IP        127.0.0.1: a local Spark needs no network interface (as in the tests).
#   RJK_INIT_SCRIPT       notebooks/kernel-init.jshell, run before the first cell: puts
#                         java.util.logging back to INFO (at the kernel's FINEST, Spark's code
#                         generation fails; the file says why).
# JVM flags after conf/jvm-options: -Xmx (driver and local executors share this heap),
# java.awt.headless (charts are drawn off-screen, never in a window, even when DISPLAY is set),
# log4j2.configurationFile + rectifier.notebook.log (Spark's log to a file, not into cells),
# rectifier.conf.dir (Notebooks.startSpark reads conf/spark-defaults.conf from it).
# interrupt_mode "message": Jupyter's default, SIGINT, would end the JVM; the kernel handles
# interrupt_request messages instead.
"$py" - "$spec_dir/kernel.json" "$java_bin" "$heap" "$root" "$log_file" "$kernel_jar" \
    "$caller_dir" "$classpath" "${jvm_flags[@]}" <<'EOF'
import json, os, sys
out, java, heap, root, log_file, jar, caller_dir, classpath, *jvm_flags = sys.argv[1:]
init_script = os.path.join(root, "notebooks", "kernel-init.jshell")
entries = [os.path.normpath(os.path.join(caller_dir, entry))
           for entry in classpath.split(os.pathsep) if entry.strip()]
log4j_conf = os.path.join(root, "conf", "log4j2-notebook.properties")
spec = {
    "argv": [java, *jvm_flags, "-Xmx" + heap, "-Djava.awt.headless=true",
             "-Dlog4j2.configurationFile=" + log4j_conf,
             "-Drectifier.notebook.log=" + log_file,
             "-Drectifier.conf.dir=" + os.path.join(root, "conf"),
             "-jar", jar, "{connection_file}"],
    "display_name": "Java 17 + Spark (Rectifier)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        "RJK_CLASSPATH": ";".join(entries),
        "OPENBLAS_NUM_THREADS": "1",
        "SPARK_LOCAL_IP": "127.0.0.1",
        "RJK_INIT_SCRIPT": init_script,
    },
}
with open(out, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
EOF

if [ -z "$jupyter_dir" ]; then
  # Copies the directory into ~/.local/share/jupyter/kernels/rectifier-java (replacing it).
  # (Without ipykernel, jupyter warns that the python3 kernel is missing: irrelevant here.)
  if ! out="$("$py" -m jupyter kernelspec install --user --replace --name "$kernel_name" \
                "$spec_dir" 2>&1)"; then
    echo "$out" >&2
    exit 1
  fi
  grep -v 'Native kernel (python3) is not available' <<<"$out" || true
  spec_dir="$("$py" -c 'import sys
from jupyter_client.kernelspec import KernelSpecManager
print(KernelSpecManager().get_kernel_spec(sys.argv[1]).resource_dir)' "$kernel_name")"
fi

entries="$(tr ':' '\n' <<<"$classpath" | grep -c .)"
echo "Kernel spec $kernel_name: $spec_dir/kernel.json ($entries classpath entries)"
echo "Spark/Rectifier logs go to $log_file"
if [ -n "$jupyter_dir" ]; then
  echo "Use it with JUPYTER_PATH=$jupyter_dir (notebooks/run-notebooks.sh --jupyter-dir DIR)"
fi
