"""Ships the generated pydantic models (`unihook_sandbox_models`) in the unihook-sandbox wheel.

scripts/generate.py writes them to generated/sandbox/unihook_sandbox_models at the repository root, outside this
project, and they are never edited by hand. A wheel built from the repository takes them from there; a wheel
built from this project's sdist takes the copy the sdist carries in src/. Editable installs get neither: the
`dev-mode-dirs` in pyproject.toml put generated/sandbox itself on sys.path, so regenerated models are live
(hatchling's `force-include` would copy them into site-packages, where they would go stale).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "unihook_sandbox_models"


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        if (root / "src" / PACKAGE).is_dir():  # an unpacked sdist: `packages` selects it
            return
        generated = (root / ".." / "generated" / "sandbox" / PACKAGE).resolve()
        if not (generated / "__init__.py").is_file():
            raise FileNotFoundError(f"{generated} is missing: run `make generate` at the repository root")
        build_data["force_include"][str(generated)] = PACKAGE
