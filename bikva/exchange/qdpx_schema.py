"""The published REFI-QDA Project schema (data/Project-mrt2019.xsd, MIT, see data/README.md) and
the check every export passes before it is written: a `.qdpx` that NVivo, ATLAS.ti or MAXQDA
would refuse is bikva's error, so it is never handed out."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from lxml import etree

SCHEMA_FILE = "Project-mrt2019.xsd"


@cache
def project_schema() -> etree.XMLSchema:
    data = files("bikva.exchange").joinpath("data", SCHEMA_FILE).read_bytes()
    return etree.XMLSchema(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)))


def schema_errors(document: bytes) -> list[str]:
    """What the schema finds wrong with a `project.qde` (empty: valid), one line each."""
    schema = project_schema()
    root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(root):
        return []
    return [f"{error.line}: {error.message}" for error in schema.error_log]
