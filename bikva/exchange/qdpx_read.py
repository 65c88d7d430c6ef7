"""Reading a `.qdpx` safely into plain objects: the codebook, the text sources with their coded
selections, cases with their variables, notes and sets.

A `.qdpx` is a ZIP holding one `.qde` (XML, namespace `urn:QDA-XML:project:1.0`) and the
sources. The tools disagree on the details, so: the `.qde` may have any name as long as there is
exactly one; sources are looked up in `sources/` or `Sources/` (any case) by the name in
`plainTextPath="internal://..."`, or taken from the `PlainTextContent` written inline; texts are
UTF-8 with or without a byte-order mark (UTF-16 with one is read too). Refused, before anything
is read: a member path that is absolute or climbs out with `..`, and members or an archive
bigger than bikva reads (a ZIP bomb). The XML is parsed without entities or network access.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from bikva.errors import BikvaError
from bikva.store.files import shown_name

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
MAX_MEMBER_MB = 50
MAX_TOTAL_MB = 500
MAX_MEMBERS = 10_000


@dataclass
class Code:
    guid: str
    name: str
    description: str = ""
    children: list[Code] = field(default_factory=list)


@dataclass
class Selection:
    guid: str
    name: str | None  # the selected text, as most tools write it
    start: int
    end: int
    codes: list[str] = field(default_factory=list)  # code GUIDs
    notes: list[str] = field(default_factory=list)  # note GUIDs


@dataclass
class Source:
    guid: str
    name: str
    text: str | None  # decoded, a byte-order mark kept (anchoring counts it); None: not in the archive
    selections: list[Selection] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # its own VariableValues (casefolded names)


@dataclass
class Case:
    guid: str
    name: str
    variables: dict[str, str] = field(default_factory=dict)  # variable name (casefolded) -> value
    sources: list[str] = field(default_factory=list)


@dataclass
class Set:
    guid: str
    name: str
    description: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Link:
    origin: str
    target: str
    name: str


@dataclass
class Project:
    name: str
    origin: str
    codes: list[Code]
    sources: list[Source]
    cases: list[Case]
    notes: dict[str, str]  # GUID -> text
    sets: list[Set]
    links: list[Link]
    skipped_sources: list[str]  # names of sources that are not text (pictures, audio, PDF)

    def all_codes(self) -> list[Code]:
        found: list[Code] = []

        def walk(codes: list[Code]) -> None:
            for code in codes:
                found.append(code)
                walk(code.children)

        walk(self.codes)
        return found


def read_project(path: Path) -> Project:
    file = shown_name(path)
    if not path.is_file():
        raise BikvaError("exchange.missing", file=file)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise BikvaError("exchange.not_qdpx", file=file) from None
    with archive:
        members = _checked_members(archive, file)
        qde = [m for m in members if m.filename.lower().endswith(".qde")]
        if len(qde) != 1:
            raise BikvaError("exchange.no_qde" if not qde else "exchange.several_qde", file=file)
        root = _parse(_read(archive, qde[0], file), file)
        texts = {PurePosixPath(m.filename).name.casefold(): m for m in members
                 if PurePosixPath(m.filename).parent.name.casefold() == "sources"}
        return _project(root, lambda name: _source_text(archive, texts, name, file))


def _checked_members(archive: zipfile.ZipFile, file: str) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise BikvaError("exchange.too_big", file=file, member=len(members), mb=MAX_TOTAL_MB)
    total = 0
    for member in members:
        name = member.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or (parts and parts[0].endswith(":")) or ".." in parts:
            raise BikvaError("exchange.unsafe_member", file=file, member=name)
        if member.file_size > MAX_MEMBER_MB * 1024 * 1024:
            raise BikvaError("exchange.too_big", file=file, member=name, mb=MAX_MEMBER_MB)
        total += member.file_size
    if total > MAX_TOTAL_MB * 1024 * 1024:
        raise BikvaError("exchange.too_big", file=file, member="*", mb=MAX_TOTAL_MB)
    return [m for m in members if not m.is_dir()]


def _read(archive: zipfile.ZipFile, member: zipfile.ZipInfo, file: str) -> bytes:
    # Read no more than the declared size allows: a member whose header lies about its size
    # cannot inflate past the limit.
    limit = MAX_MEMBER_MB * 1024 * 1024
    try:
        with archive.open(member) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
        raise BikvaError("exchange.not_qdpx", file=file) from None
    if len(data) > limit:
        raise BikvaError("exchange.too_big", file=file, member=member.filename, mb=MAX_MEMBER_MB)
    return data


def _parse(data: bytes, file: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise BikvaError("exchange.bad_xml", file=file, line=error.lineno or "?") from None
    if root.tag != f"{Q}Project":
        raise BikvaError("exchange.not_project", file=file)
    return root


def _decode(data: bytes, file: str, member: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "\ufeff" + data.decode("utf-16")
    try:
        return data.decode("utf-8")  # a UTF-8 BOM stays as U+FEFF: anchoring counts it
    except UnicodeDecodeError:
        raise BikvaError("exchange.not_utf8", file=file, member=member) from None


def _source_text(archive: zipfile.ZipFile, texts: dict[str, zipfile.ZipInfo], path: str, file: str) -> str | None:
    if not path.startswith("internal://"):
        return None  # relative:// or absolute: outside the archive, not read
    member = texts.get(PurePosixPath(path.removeprefix("internal://")).name.casefold())
    if member is None:
        return None
    return _decode(_read(archive, member, file), file, member.filename)


def _text(element: etree._Element | None) -> str:
    return element.text or "" if element is not None else ""


def _code(element: etree._Element) -> Code:
    return Code(element.get("guid", "").upper().strip("{}"), element.get("name", ""),
                _text(element.find(f"{Q}Description")),
                [_code(child) for child in element.findall(f"{Q}Code")])


def _guid(value: str | None) -> str:
    return (value or "").upper().strip("{}")


def _values(element: etree._Element, variables: dict[str, str]) -> dict[str, str]:
    values = {}
    for value in element.findall(f"{Q}VariableValue"):
        ref = value.find(f"{Q}VariableRef")
        name = variables.get(_guid(ref.get("targetGUID")) if ref is not None else "", "")
        values[name] = next((child.text or "" for child in value if child.tag != f"{Q}VariableRef"), "")
    return values


def _project(root: etree._Element, source_text) -> Project:
    codes = [_code(c) for c in root.findall(f"{Q}CodeBook/{Q}Codes/{Q}Code")]
    variables = {_guid(v.get("guid")): v.get("name", "").casefold() for v in root.findall(f"{Q}Variables/{Q}Variable")}
    sources, skipped = [], []
    for element in root.find(f"{Q}Sources") if root.find(f"{Q}Sources") is not None else []:
        if not isinstance(element.tag, str):
            continue
        if element.tag != f"{Q}TextSource":
            skipped.append(element.get("name", ""))
            continue
        inline = element.find(f"{Q}PlainTextContent")
        text = _text(inline) if inline is not None else source_text(element.get("plainTextPath", ""))
        selections = []
        for sel in element.findall(f"{Q}PlainTextSelection"):
            try:
                start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            except ValueError:
                start, end = 0, 0
            selections.append(Selection(
                _guid(sel.get("guid")), sel.get("name"), start, end,
                [_guid(ref.get("targetGUID")) for ref in sel.findall(f"{Q}Coding/{Q}CodeRef")],
                [_guid(ref.get("targetGUID")) for ref in sel.findall(f"{Q}NoteRef")],
            ))
        sources.append(Source(_guid(element.get("guid")), element.get("name", ""), text, selections,
                              _values(element, variables)))
    cases = []
    for element in root.findall(f"{Q}Cases/{Q}Case"):
        cases.append(Case(_guid(element.get("guid")), element.get("name", ""), _values(element, variables),
                          [_guid(ref.get("targetGUID")) for ref in element.findall(f"{Q}SourceRef")]))
    notes = {_guid(n.get("guid")): _text(n.find(f"{Q}PlainTextContent")) for n in root.findall(f"{Q}Notes/{Q}Note")}
    sets = [Set(_guid(s.get("guid")), s.get("name", ""), _text(s.find(f"{Q}Description")),
                [_guid(ref.get("targetGUID")) for ref in s.findall(f"{Q}MemberNote")])
            for s in root.findall(f"{Q}Sets/{Q}Set")]
    links = [Link(_guid(l.get("originGUID")), _guid(l.get("targetGUID")), l.get("name", ""))
             for l in root.findall(f"{Q}Links/{Q}Link")]
    return Project(root.get("name", ""), root.get("origin", ""), codes, sources, cases, notes, sets, links, skipped)
