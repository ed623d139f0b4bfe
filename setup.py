"""Only what pyproject.toml cannot say: the top-level ``fixtures/`` folder (shipped templates,
host configurations, mappings, scenarios, traffic) is installed as the data package
``provlab_fixtures``, so a wheel carries them and ``provlab.fixtures`` finds them anywhere."""

from setuptools import find_namespace_packages, find_packages, setup

CODE_PACKAGES = find_packages(include=["provlab*", "simulator*", "connector*", "harness*"])
# Sub-folders of fixtures/ whose names are identifiers look like packages to setuptools;
# naming them keeps it from warning that their data files would be ignored.
FIXTURE_PACKAGES = ["provlab_fixtures"] + [
    f"provlab_fixtures.{name}" for name in find_namespace_packages(where="fixtures")
]

setup(packages=CODE_PACKAGES + FIXTURE_PACKAGES, package_dir={"provlab_fixtures": "fixtures"})
