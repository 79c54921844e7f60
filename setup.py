"""Packaging that pyproject.toml cannot express (everything else is in pyproject.toml).

The top-level `prompts/` folder is the only source of the extraction prompts. It ships in the
wheel as the data of the package `extraction.prompt_files` (mapped with `package_dir`, no
copy), which `extraction.engines.prompts` reads with importlib.resources.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["extraction*", "review_app*"]),
        "extraction.prompt_files",
    ],
    package_dir={"extraction.prompt_files": "prompts"},
    package_data={"extraction.prompt_files": ["*.toml"]},
)
