"""Ingestion: land every file of a source folder in the raw schema, once, with lineage."""

from orchestration.ingestion.loader import FileLoad, SourceLoad, load_source
from orchestration.ingestion.readers import LandingFileError

__all__ = ["FileLoad", "LandingFileError", "SourceLoad", "load_source"]
