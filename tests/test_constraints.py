"""constraints.txt pins, within the ranges of requirements*.txt, what the tests run on."""

import re
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT


def requirements() -> list[Requirement]:
    out = []
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith(("-r", "-e")):
                out.append(Requirement(line))
    return out


def pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line).groups()
            out[canonicalize_name(name)] = version
    return out


def test_constraints_are_exact_pins():
    assert len(pins()) > 50  # the whole resolved set, not only the direct requirements


@pytest.mark.parametrize("req", requirements(), ids=str)
def test_each_requirement_is_pinned_inside_its_range(req):
    version = pins().get(canonicalize_name(req.name))
    assert version is not None, f"{req.name} is not in constraints.txt (run make lock)"
    assert req.specifier.contains(version, prereleases=True), f"{req.name}=={version} is outside {req.specifier}"


@pytest.mark.parametrize("req", requirements(), ids=str)
def test_the_environment_holds_the_pinned_version(req):
    assert metadata.version(req.name) == pins()[canonicalize_name(req.name)]
