#!/usr/bin/env bash
# The Python module as a user gets it: `cmake --install` of BUILD_DIR into a temporary prefix, then
# `import lifecircle` from outside the source tree with only PYTHONPATH set to the installed
# platlib folder: the extension finds liblifecircle through its RPATH (no LD_LIBRARY_PATH) and the
# catalog and checklist installed beside it.
#   python/tests/install_check.sh BUILD_DIR PLATLIB_RELATIVE WORK_DIR
set -euo pipefail
build=$1 platlib=$2 work=$3
rm -rf "$work" && mkdir -p "$work/elsewhere"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
site="$work/prefix/$platlib"
test -f "$site/lifecircle/__init__.py" || { echo "install_check: no $site/lifecircle/__init__.py" >&2; exit 1; }
cd "$work/elsewhere"
env -u LD_LIBRARY_PATH -u LIFECIRCLE_DATA PYTHONPATH="$site" /usr/bin/python3 - "$work/prefix" <<'PY'
import sys
import lifecircle
prefix = sys.argv[1]
assert lifecircle.__file__.startswith(prefix), lifecircle.__file__
cat = lifecircle.catalog()
assert cat.attrs["path"].startswith(prefix), cat.attrs["path"]
assert lifecircle.checklist_path().startswith(prefix), lifecircle.checklist_path()
assert len(lifecircle.checklist()["circles"]) == 8
import subprocess
deps = subprocess.run(["ldd", lifecircle._lifecircle.__file__], capture_output=True, text=True).stdout
lib = [l for l in deps.splitlines() if "liblifecircle" in l]
assert lib and prefix in lib[0], deps
print(f"install_check: lifecircle {lifecircle.__version__} from {lifecircle.__file__}; {len(cat)} categories; {lib[0].strip()}")
PY
