"""README's system-package list is the list .ci/run installs, and it covers what code needs."""

from __future__ import annotations

import re

from lms.proof.pdf import PDF_PACKAGES
from tests.conftest import REPO


def readme_packages() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- system-packages -->\s*```sh\n(.*?)```", text, re.S)
    assert block, "README has no system-packages block"
    line = block.group(1).strip()
    assert line.startswith("sudo apt-get install "), line
    return line.removeprefix("sudo apt-get install ").split()


def ci_packages() -> list[str]:
    text = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    found = re.search(r'^\s*SYSTEM_PACKAGES="([^"]+)"', text, re.M)
    assert found, ".ci/run has no SYSTEM_PACKAGES line"
    assert "apt-get install" in text and "$SYSTEM_PACKAGES" in text
    return found.group(1).split()


def test_readme_and_ci_install_the_same_packages():
    assert readme_packages() == ci_packages()


def test_the_list_names_what_pdfs_need():
    assert set(PDF_PACKAGES) <= set(readme_packages())
