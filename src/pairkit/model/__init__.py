"""Stage 2, model: the record schemas and the typed collection of a whole records tree."""

from pairkit.model.build import SECTION_LABELS, SECTIONS, Records, build

__all__ = ["SECTIONS", "SECTION_LABELS", "Records", "build"]
