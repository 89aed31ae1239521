"""Shared fixtures of the Python module's tests (python/tests, run by ctest: tests/CMakeLists.txt).

LIFECIRCLE_BIN names the command line the results are compared with; LIFECIRCLE_GEODATA the
folder of real OpenStreetMap extracts (missing: those tests skip with a message, but fail under
CI=true)."""
import os
import subprocess

import pytest


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning")


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("LIFECIRCLE_BIN")
    if not path or not os.path.exists(path):
        pytest.skip("LIFECIRCLE_BIN does not name the lifecircle binary (ctest sets it)")
    return path


@pytest.fixture(scope="session")
def wuhai(cli, tmp_path_factory):
    """The synthetic Wuhai GeoPackage, generated once by `lifecircle synth wuhai`."""
    out = tmp_path_factory.mktemp("wuhai")
    subprocess.run([cli, "-q", "synth", "wuhai", "--out", str(out), "--seed", "2023"], check=True)
    return str(out / "wuhai.gpkg")


@pytest.fixture(scope="session")
def geodata():
    folder = os.environ.get("LIFECIRCLE_GEODATA") or os.path.join(os.path.dirname(__file__), "../../../shared/geodata")
    if not os.path.isdir(folder):
        message = f"no geodata folder {folder} (set LIFECIRCLE_GEODATA)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder
