"""The curated actor knowledge base (knowledge/actors.yaml): loading, validation, look-ups.

The file is hand-written, so the loader checks it strictly and names the
offending entry in every error: a silent typo in a date would quietly
mis-date articles through role claims. It is parsed once per process.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from newsledger.model import Actor, Role

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "actors.yaml"

KINDS = {"person", "organisation", "country", "group", "media"}
SECTORS = {
    "government", "military", "intelligence", "police", "judiciary", "legislature",
    "opposition", "party", "media", "business", "civil-society", "international",
    "rebel", "religious", "education", "unknown",
}
# Sectors whose bodies speak for the state; legislatures and courts are separate voices.
STATE_SECTORS = {"government", "military", "intelligence", "police"}
SECTOR_FAMILY_SUFFIX = {"legislature": "LEG", "judiciary": "JUD"}
SUPRANATIONAL = {"EU", "UN", "NATO"}


class KnowledgeBaseError(ValueError):
    """The knowledge file is malformed; the message names the entry."""


@dataclass
class Country:
    iso3: str
    name: str
    names: list[str]
    adjectives: list[str]
    capitals: list[str]


@dataclass
class KnowledgeBase:
    """Everything the actors component needs, indexed for look-up."""

    version: str
    actors: dict[str, Actor]
    aliases: dict[str, list[str]]
    countries: dict[str, Country]
    regions: dict[str, str]
    titles: dict[str, tuple[list[str], str]]
    leader_words: list[str]
    leader_titles: dict[str, str]
    group_nouns: dict[str, str]
    role_handles: dict[str, dict]

    def holders(self, title: str, country: str | None, day: dt.date) -> list[str]:
        """KB persons holding ``title`` for ``country`` on ``day``."""
        return [
            actor.id
            for actor in self.actors.values()
            if actor.kind == "person"
            and any(r.title == title and r.country == country and r.holds_on(day) for r in actor.roles)
        ]

    def leader_title(self, country: str) -> str:
        """The office meant by "the <country> leader"."""
        return self.leader_titles.get(country, self.leader_titles.get("default", "president"))

    def title_sector(self, title: str) -> str:
        return self.titles.get(title, ([], "unknown"))[1]


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated: the stable form used in actor ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9@]+", "-", ascii_text.lower()).strip("-")


def default_family(sector: str | None, country: str | None) -> str | None:
    """State bodies share ``<ISO3>:GOV``; legislatures and courts get their own family."""
    if not country:
        return None
    if sector in STATE_SECTORS:
        return f"{country}:GOV"
    if sector in SECTOR_FAMILY_SUFFIX:
        return f"{country}:{SECTOR_FAMILY_SUFFIX[sector]}"
    return None


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]


def _parse_country(row: str) -> Country:
    cells = [c.strip() for c in str(row).split("|")]
    if len(cells) != 5 or not re.fullmatch(r"[A-Z]{3}", cells[0]) or not cells[1]:
        raise KnowledgeBaseError(f"countries: bad row {row!r} (want 'ISO3 | name | names | adjectives | capitals')")
    return Country(cells[0], cells[1], [cells[1], *_split(cells[2])], _split(cells[3]), _split(cells[4]))


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date is reported with its entry."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _date(value, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise KnowledgeBaseError(f"{where}: bad date {value!r} (want YYYY-MM-DD or null)")


class _Builder:
    """Turns the parsed YAML into a KnowledgeBase, checking as it goes."""

    def __init__(self, data: dict):
        self.data = data
        self.actors: dict[str, Actor] = {}
        self.aliases: dict[str, list[str]] = {}
        self.alias_owner: dict[str, str] = {}

    def add(self, actor: Actor, aliases: list[str]) -> None:
        if actor.id in self.actors:
            raise KnowledgeBaseError(f"duplicate id {actor.id!r}")
        if actor.kind not in KINDS:
            raise KnowledgeBaseError(f"{actor.id}: unknown kind {actor.kind!r}")
        if actor.sector not in SECTORS:
            raise KnowledgeBaseError(f"{actor.id}: unknown sector {actor.sector!r}")
        self.actors[actor.id] = actor
        names = list(dict.fromkeys([actor.name, *aliases]))
        for alias in names:
            key = alias.casefold()
            owner = self.alias_owner.get(key)
            if owner is not None and owner != actor.id:
                raise KnowledgeBaseError(f"{actor.id}: alias {alias!r} already belongs to {owner!r}")
            self.alias_owner[key] = actor.id
        self.aliases[actor.id] = names

    def countries(self) -> dict[str, Country]:
        countries: dict[str, Country] = {}
        words: dict[str, str] = {}
        for row in self.data.get("countries") or []:
            country = _parse_country(row)
            if country.iso3 in countries:
                raise KnowledgeBaseError(f"countries: duplicate id {country.iso3!r}")
            for word in country.adjectives + country.capitals:
                if words.setdefault(word.casefold(), country.iso3) != country.iso3:
                    raise KnowledgeBaseError(f"countries: {country.iso3}: {word!r} already names {words[word.casefold()]}")
            countries[country.iso3] = country
            actor = Actor(country.iso3, country.name, "country", country.iso3, "government",
                          family=f"{country.iso3}:GOV", source="kb")
            self.add(actor, country.names)
        return countries

    def roles(self, entry: dict, titles: dict, countries: dict) -> list[Role]:
        roles = []
        for raw in entry.get("roles") or []:
            where = f"persons: {entry['id']} role {raw!r}"
            if not isinstance(raw, list) or len(raw) != 4:
                raise KnowledgeBaseError(f"{where}: want [title, country, start, end]")
            title, country, start, end = raw
            if title not in titles:
                raise KnowledgeBaseError(f"{where}: unknown title {title!r}")
            if country not in countries and country not in SUPRANATIONAL:
                raise KnowledgeBaseError(f"{where}: unknown country {country!r}")
            start, end = _date(start, where), _date(end, where)
            if start and end and end < start:
                raise KnowledgeBaseError(f"{where}: ends before it starts")
            roles.append(Role(title, country, start, end))
        return roles

    def persons(self, titles: dict, countries: dict) -> None:
        for entry in self.data.get("persons") or []:
            self.require(entry, "persons")
            roles = self.roles(entry, titles, countries)
            latest = max(roles, key=lambda r: r.start or dt.date.min) if roles else None
            sector = titles[latest.title][1] if latest else "unknown"
            family = entry["family"] if "family" in entry else _person_family(latest)
            actor = Actor(entry["id"], entry["name"], "person", entry.get("country"), sector,
                          roles, family, source="kb")
            self.add(actor, entry.get("aliases") or [])

    def organisations(self, section: str, default_kind: str) -> None:
        for entry in self.data.get(section) or []:
            self.require(entry, section)
            sector = entry.get("sector", "media" if default_kind == "media" else "unknown")
            country = entry.get("country")
            family = entry["family"] if "family" in entry else default_family(sector, country)
            actor = Actor(entry["id"], entry["name"], entry.get("kind", default_kind), country, sector,
                          family=family, source="kb")
            self.add(actor, entry.get("aliases") or [])

    def country_bodies(self, countries: dict[str, Country]) -> None:
        """Instantiate generic bodies ("Foreign Ministry") per country with qualified aliases."""
        for body in self.data.get("country_bodies") or []:
            for iso3 in body["countries"]:
                if iso3 not in countries:
                    raise KnowledgeBaseError(f"country_bodies: {body['key']}: unknown country {iso3!r}")
                country = countries[iso3]
                aliases = []
                for name in body["names"]:
                    aliases += [f"{adj} {name}" for adj in country.adjectives[:1]]
                    aliases += [f"{cname}'s {name}" for cname in country.names[:1]]
                    aliases += [f"{name} of {cname}" for cname in country.names[:1]]
                actor_id = f"{iso3.lower()}-{body['key']}"
                name = f"{country.adjectives[0] if country.adjectives else country.name} {body['names'][0]}"
                family = default_family(body["sector"], iso3)
                self.add(Actor(actor_id, name, "organisation", iso3, body["sector"], family=family, source="kb"),
                         aliases)

    @staticmethod
    def require(entry: dict, section: str) -> None:
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            raise KnowledgeBaseError(f"{section}: entry {entry!r} needs an id and a name")


def _person_family(role: Role | None) -> str | None:
    if role is None or not role.country:
        return None
    return role.country if role.country in SUPRANATIONAL else f"{role.country}:GOV"


def _titles(data: dict) -> dict[str, tuple[list[str], str]]:
    titles = {}
    for title, spec in (data.get("titles") or {}).items():
        sector = spec.get("sector", "unknown")
        if sector not in SECTORS:
            raise KnowledgeBaseError(f"titles: {title}: unknown sector {sector!r}")
        titles[title] = ([a.lower() for a in spec.get("aliases") or [title]], sector)
    return titles


def build_kb(data: dict) -> KnowledgeBase:
    """Validate parsed YAML and index it."""
    if not isinstance(data, dict) or "version" not in data:
        raise KnowledgeBaseError("knowledge file needs a top-level 'version:' key")
    builder = _Builder(data)
    titles = _titles(data)
    countries = builder.countries()
    builder.persons(titles, countries)
    builder.organisations("organisations", "organisation")
    builder.organisations("media", "media")
    builder.country_bodies(countries)
    regions = {}
    for iso3, names in (data.get("regions") or {}).items():
        if iso3 not in countries:
            raise KnowledgeBaseError(f"regions: unknown country {iso3!r}")
        regions.update({name: iso3 for name in names})
    for handle, spec in (data.get("role_handles") or {}).items():
        target = spec.get("actor")
        if target is not None and target not in builder.actors:
            raise KnowledgeBaseError(f"role_handles: {handle}: unknown actor {target!r}")
        if target is None and spec.get("title") not in titles:
            raise KnowledgeBaseError(f"role_handles: {handle}: unknown title {spec.get('title')!r}")
    for noun, sector in (data.get("group_nouns") or {}).items():
        if sector not in SECTORS:
            raise KnowledgeBaseError(f"group_nouns: {noun}: unknown sector {sector!r}")
    return KnowledgeBase(
        version=str(data["version"]),
        actors=builder.actors,
        aliases=builder.aliases,
        countries=countries,
        regions=regions,
        titles=titles,
        leader_words=[w.lower() for w in data.get("leader_words") or []],
        leader_titles=dict(data.get("leader_titles") or {}),
        group_nouns={k.lower(): v for k, v in (data.get("group_nouns") or {}).items()},
        role_handles=dict(data.get("role_handles") or {}),
    )


def load_kb_file(path: str | Path) -> KnowledgeBase:
    """Parse and validate one knowledge file (no caching; for tests and tools)."""
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{path}: not valid YAML: {exc}") from exc
    return build_kb(data)


@lru_cache(maxsize=4)
def load_kb(path: str | None = None) -> KnowledgeBase:
    """The knowledge base, parsed once per process and path."""
    return load_kb_file(path or DEFAULT_PATH)
