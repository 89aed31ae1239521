"""Runs one pytest file for ctest: exit 77 (skipped) when pytest is missing, except under CI=true."""
import os
import sys

try:
    import pytest
except ImportError:
    print("python3-pytest is not installed (scripts/setup.sh installs it)", file=sys.stderr)
    sys.exit(1 if os.environ.get("CI") == "true" else 77)

sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-rs", *sys.argv[1:]]))
