"""Stage 2, model: the record schemas and the typed collection of a whole records tree."""

from pairkit.model.build import CORE_SECTIONS, LEAF_SECTIONS, SECTION_LABELS, SECTIONS, Records, build

__all__ = ["CORE_SECTIONS", "LEAF_SECTIONS", "SECTIONS", "SECTION_LABELS", "Records", "build"]
