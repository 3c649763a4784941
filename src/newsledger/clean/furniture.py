"""Page furniture of news sites: related-story links, photo captions, video players.

Local-news pages carry lines that are not the report but look like it to the
analysis: a related-story link ("ALSO: Man wounded in <other town>") puts a
shooting in the wrong town, a photo caption ("Buy Photo Salinas police
investigators ...") becomes an actor, and a broadcast's machine transcript
in capitals ("WEBVTT ... WHO ...") becomes an organisation.  Each heuristic
below recognises one kind by its *form* (a label, a credit in brackets, a
player's button text, a duration in front of a title), never by topic
words, and only on a whole line.

Reasons are kept apart from spam: navigation is on every professional
news page, so ``related-links`` must not count against an outlet the way
``featured-post`` blocks do.

Measured on the 600 GVC dev reports (``newsledger ingest --no-analyze``,
then counting furniture lines left in ``articles.text``): see
:mod:`newsledger.clean.cleaner` and the commit that added this module.
"""

from __future__ import annotations

import re

from newsledger.clean.prose import QUOTED_SPEECH

RELATED_LINKS = "related-links"
PHOTO_CAPTION = "photo-caption"
VIDEO_PLAYER = "video-player"
VIDEO_TRANSCRIPT = "video-transcript"
VIDEO_PLAYLIST = "video-playlist"
MAP_COORDINATES = "map-coordinates"

_I = re.IGNORECASE

# A link's title is a headline: short, and never a finished sentence.
MAX_LINK_WORDS = 25
MIN_LINK_WORDS = 3
# How many headline lines a link-list header ("ALSO:", "Related stories:") may own.
MAX_LINK_LIST = 8
# Captions run longer than prompts: a scene description plus the credit.
MAX_CAPTION_WORDS = 80

# --- related-story links ---------------------------------------------------

# A label that introduces links to other stories, alone on its line.
LINK_LIST_HEADER = re.compile(
    r"^(?:also|see also|related|more|trending|popular|most read|most popular|"
    r"(?:related|trending|popular|top|more|latest) (?:posts?|stor(?:y|ies)|articles?|content|links?|"
    r"headlines|coverage|news|videos?|reading)|"
    r"you (?:may|might) also (?:like|be interested in)|"
    r"(?:more )?stories you (?:may|might) (?:like|have missed)(?: on [^.!?:]{1,30})?|"
    r"more (?:from|on) [^!?:]{0,29}[^.!?:\s]|"
    r"read more (?:about|on|from) [^.!?]{1,80}|"
    r"read more (?:top )?trending stories on \S+)\s*:?$",
    _I,
)
# The same labels in front of one link's title on the same line:
# "ALSO: <title>", "RELATED | <title>", "Related Coverage <title>".
LINK_PREFIX = re.compile(
    r"^(?:(?:also|see also|related|more|read more|related (?:story|stories|link|links|content))\s*[:|]"
    r"|related (?:coverage|headlines|content|stories|story|link|links)\b:?"
    r"|advertisement related content\b)\s*(?P<title>\S.*)$",
    _I,
)
# "Read more: <title> Read more »": a link label repeated after the title.
TRAILING_LINK_MARK = re.compile(r"\s*(?:read more\s*)?[»›>]+\s*$|\s+-\s+https?://\S+$", _I)
# A list bullet some sites put in front of each link ("+ Two killed in ...").
LIST_BULLET = re.compile(r"^[+•·▪►*-]\s+")


# A headline starts with a capital, a digit or a quotation mark (a sign-off "-- Jane Doe" does not).
HEADLINE_START = re.compile(r"^[A-Z0-9\"'‘“]")


# Closing quotes and brackets hide a sentence's final period: 'he said "no."'.
_CLOSERS = "\"'”’)] "


def _headline_like(text: str) -> bool:
    """A link title: a few words, not a finished sentence, no quoted speech.

    Headlines drop the final period and attribute with "police say", so
    a reporting verb does not veto a title here; the missing period does
    the work (news prose ends its sentences, a link title never does).
    """
    title = TRAILING_LINK_MARK.sub("", text).strip()
    if not HEADLINE_START.match(title) or not MIN_LINK_WORDS <= len(title.split()) <= MAX_LINK_WORDS:
        return False
    if title.rstrip(_CLOSERS).endswith((".", ",", ";", ":")) and not title.endswith("..."):
        return False
    return not QUOTED_SPEECH.search(title)


def is_headline_like(line: str) -> bool:
    """A short title line with no final period (see :func:`_headline_like`)."""
    return _headline_like(line.strip())


def is_link_list_header(line: str) -> bool:
    """A label alone on its line that introduces a list of links ("ALSO:", "TRENDING STORIES:")."""
    return bool(LINK_LIST_HEADER.match(line.strip()))


def is_link_line(line: str) -> bool:
    """One labelled link: "ALSO: <headline>", "Related Coverage <headline>"."""
    match = LINK_PREFIX.match(line.strip())
    return match is not None and _headline_like(match.group("title"))


def is_listed_link(line: str) -> bool:
    """A line inside a link list: a bare headline, a bulleted one, or a labelled one."""
    text = LIST_BULLET.sub("", line.strip())
    return is_link_line(text) or _headline_like(text)


# --- photo captions ---------------------------------------------------------

# "(Photo: Jane Doe, The Herald)", "(Photo courtesy of the family)", "(File photo)"
# closing the line, possibly followed by a "Buy Photo" button.
PHOTO_CREDIT_END = re.compile(
    r"\((?:(?:file |staff |family )?photos?|photo courtesy|courtesy photo)\b[^()]{0,100}\)\s*(?:buy photo)?\s*$|"
    r"\([^()]{1,80}\bphoto\)\s*$|"
    r"(?<=[.!?)] )photos?: [^.!?()]{1,60}$",
    _I,
)
# Gallery and caption widgets: "Buy Photo ...", "View Full Caption ...",
# "Image 1 of / 3 Caption Close", "[ ] Hide Caption [ ] Show Caption".
CAPTION_WIDGET = re.compile(
    r"^buy photo\b|\bview full caption\b(?:\s+\S.{0,60})?$|^photo: [^.!?]{1,80}? image \d+ of\b|"
    r"\bcaption close\b|\bhide caption\b.{0,20}\bshow caption\b",
    _I,
)


# A whole photo gallery or video carousel flattened into one line: its
# captions between "Image 1 of N" labels, closed by the gallery's own "Back
# to Gallery"; or each clip's title behind a "Caption" label.
GALLERY = re.compile(r"^photos?: .{1,80}? image \d+ of\b.*\bback to gallery$|^(?-i:Caption [A-Z0-9]).*\b(?-i:Caption [A-Z0-9])", _I)


def is_photo_caption(line: str) -> bool:
    """A caption: a line closed by a photo credit, or carrying a caption widget's labels.

    Captions are short, so a long line is read as one only when a gallery's
    labels open and close it (a caption merged into the body is kept).
    """
    text = line.strip()
    if GALLERY.match(text):
        return True
    return len(text.split()) <= MAX_CAPTION_WORDS and bool(PHOTO_CREDIT_END.search(text) or CAPTION_WIDGET.search(text))


# --- video players ------------------------------------------------------------

# Button labels of an embedded player, alone on their line.
PLAYER_UI = re.compile(
    r"^(?:(?:hide|show) transcript(?: (?:hide|show) transcript)?|copy link(?: copy)?|"
    r"(?:replay|play|pause|mute|unmute|close|next up|up next|autoplay)(?: video)?|"
    r"now playing|embed code|closed captions?)$",
    _I,
)
# A broadcast's machine transcript pasted as one line ("WEBVTT ...") or its cue timings.
TRANSCRIPT = re.compile(r"^webvtt\b|^(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3} --> (?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}", _I)
# A playlist entry: the clip's duration, then its title ("0:43 Chief issues warning Pause").
# A clock time ("11:49 a.m. An officer ...") is a live-blog entry, not a clip.
PLAYLIST_ENTRY = re.compile(r"^\d{1,2}:[0-5]\d\s+(?![ap]\.?m\b)(?P<title>[A-Z0-9\"'‘“].*?)(?:\s+pause)?$", _I)


def is_player_ui(line: str) -> bool:
    return bool(PLAYER_UI.match(line.strip()))


def is_transcript(line: str) -> bool:
    return bool(TRANSCRIPT.match(line.strip()))


def is_playlist_entry(line: str) -> bool:
    match = PLAYLIST_ENTRY.match(line.strip())
    if match is None:
        return False
    return _headline_like(match.group("title"))


# --- map coordinates -------------------------------------------------------------

# A bare latitude/longitude pair left by a map widget ("33.919235 -118.333397"):
# read as text it is two numbers, which a count or date reader may take up.
# (Bare URL lines are kept: a reposting blog's list of its sources is the
# credit that tells which report it copied.)
COORDINATES = re.compile(r"^-?\d{1,3}\.\d{4,}\s*,?\s+-?\d{1,3}\.\d{4,}$")


def is_coordinates(line: str) -> bool:
    return bool(COORDINATES.match(line.strip()))


def furniture_reason(line: str) -> str | None:
    """The reason code when a (stripped) line is page furniture, else None.

    Order matters only where kinds overlap: a transcript line may be long,
    so it is tested before any length guard; a caption's credit outranks
    a related-link label in the same line.
    """
    text = line.strip()
    if not text:
        return None
    if is_transcript(text):
        return VIDEO_TRANSCRIPT
    if is_photo_caption(text):
        return PHOTO_CAPTION
    if is_player_ui(text):
        return VIDEO_PLAYER
    if is_playlist_entry(text):
        return VIDEO_PLAYLIST
    if is_coordinates(text):
        return MAP_COORDINATES
    if is_link_list_header(text) or is_link_line(text):
        return RELATED_LINKS
    return None
