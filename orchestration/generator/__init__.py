"""Deterministic sample-data generator for the cx-warehouse landing contract.

`generate(...)` writes one folder per landing source (exactly the SPEC section 1 columns) and a
truth folder with the planted latent structure and defects; `main(argv)` is the command line
(`python -m orchestration.generator --help`).
"""

from .cli import main
from .core import GenerationSummary, generate

__all__ = ["GenerationSummary", "generate", "main"]
