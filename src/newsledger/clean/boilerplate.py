"""Whole-line boilerplate rules, each with a short stable reason code.

Every rule is anchored at both ends of the line and only looks at short
lines, so it matches a prompt ("Post a Comment") and never a sentence that
merely contains the words ("Reuters said it would sign up more reporters").
A second guard, :func:`newsledger.clean.prose.reads_as_reporting`, vetoes any pattern match on a line
that carries quotes or a reporting verb.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newsledger.clean.furniture import furniture_reason
from newsledger.clean.prose import QUOTED_SPEECH, REPORTING_VERB

# Prompt lines are short; anything longer is treated as prose.
MAX_PROMPT_WORDS = 25
# "Subscribe to X" with no newsletter word: only as a very short line.
MAX_BARE_SIGNUP_WORDS = 8
# Cookie banners are wordier than other prompts.
MAX_COOKIE_WORDS = 60

_I = re.IGNORECASE

SOCIAL = (
    r"(?:facebook|twitter|x|instagram|linkedin|whatsapp|telegram|reddit|pinterest|"
    r"youtube|tiktok|gab|parler|truth social|email|e-mail|flipboard|tumblr|vk|rss)"
)


# A line holding nothing but a network's name is a share button's label.
STANDALONE_SOCIAL = (
    r"(?:facebook|twitter|instagram|linkedin|whatsapp|telegram|reddit|pinterest|"
    r"flipboard|tumblr)"
)


@dataclass(frozen=True)
class Rule:
    """One boilerplate pattern: a reason code and an anchored regular expression."""

    reason: str
    pattern: re.Pattern[str]
    max_words: int = MAX_PROMPT_WORDS
    verb_veto: bool = True


def _rule(reason: str, body: str, max_words: int = MAX_PROMPT_WORDS, verb_veto: bool = True) -> Rule:
    return Rule(reason, re.compile(rf"^(?:{body})$", _I), max_words, verb_veto)


RULES: tuple[Rule, ...] = (
    _rule(
        "newsletter-signup",
        r"(?:sign up|subscribe|register|join|get|receive)(?: now| today| free| here)?"
        r"(?: (?:to|for|with))?(?: (?:receive|get))?(?: (?:our|the|my))?[^.!?]{0,60}?"
        r"\b(?:newsletters?|latest news|news ?letter|updates|mailing list|e-?mail list|"
        r"e-?mail alerts?|alerts|inbox|daily digest|briefing)\b[^.!?]{0,40}[.!]?",
    ),
    _rule(
        "newsletter-signup",
        r"(?:sign up|subscribe)(?: now| today| here)?(?: (?:to|for) [^.!?,]{1,60}?)?"
        r"(?: for free| free| for updates)?[.!]?",
        MAX_BARE_SIGNUP_WORDS,
    ),
    _rule(
        "newsletter-signup",
        r"(?:enter|type) your e-?mail(?: address)?[^.!?]{0,60}[.!:]?|e-?mail address\*?:?|"
        r"your e-?mail\*?:?|(?:first |last )?name\*?:",
    ),
    _rule(
        "newsletter-signup",
        r"unsubscribe|manage (?:your )?(?:preferences|subscription)|view (?:this e-?mail )?in (?:your )?browser|"
        r"(?:you are reading [^.!?]{1,60}[.!] )?forwarded this (?:e-?mail|newsletter)\? (?:sign up|subscribe)(?: here)?[.!]?|"
        r"that[’']s (?:it|all) for today[.!]?|see you (?:tomorrow|next week|on monday)[.!]?",
    ),
    _rule(
        "form-consent",
        r"by (?:submitting|signing up|subscribing|registering|clicking|continuing|entering|"
        r"providing)[^.]{0,80}?,? (?:i|you|we) (?:agree|accept|consent|acknowledge|confirm)"
        r"[^.]{0,120}\.?(?: (?:you can )?unsubscribe at any time\.?)?",
    ),
    _rule(
        "form-consent",
        r"(?:i (?:have read and )?(?:agree|accept|consent) to (?:the|your|these)"
        r" [^.]{0,60}?(?:terms|privacy|policy|conditions)[^.]{0,40})\.?",
    ),
    _rule(
        "comment-prompt",
        r"(?:post|leave|add|write|submit) (?:a|your|new) (?:comment|reply|response)s?[.!:]?|"
        r"(?:\d+ )?comments?(?: \(\d+\))?:?|comments are (?:closed|disabled)(?: (?:for|on) this (?:article|story|post|page))?\.?|"
        r"be the first to comment[.!]?|join the (?:discussion|conversation)[.!]?|"
        r"share your thoughts[^.!?]{0,40}[.!]?|\d+ (?:replies|responses)(?: to [^.]{1,80})?|"
        r"leave a reply(?: cancel reply)?|cancel reply|show comments|view comments|"
        r"what do you think\?|add your two cents\.?",
    ),
    _rule(
        "login-prompt",
        r"you must be (?:logged|signed) in to (?:post|leave|add|write|see|view|read)"
        r"[^.]{0,40}?\.?(?: (?:log ?in|sign ?in|register))*\.?|"
        r"(?:please )?(?:log ?in|sign ?in|register)(?: (?:or|/) (?:register|sign ?up))?"
        r"(?: (?:to|in order to) (?:(?:leave|post|add|write) (?:a )?)?(?:comment|reply|post|continue|read more|keep reading))?"
        r"(?: here| now)?[.!]?|not a (?:member|subscriber|registered user)(?: yet)?\??|"
        r"already (?:a subscriber|have an account|registered)\?(?: (?:log ?in|sign ?in)\.?)?",
    ),
    _rule(
        "view-counter",
        r"\(?visited \d[\d,]* times?,? \d[\d,]* visits? today\)?|"
        r"\(?(?:views?|reads?|hits?|page ?views?):? ?\d[\d,.]*k?\)?|"
        r"\d[\d,.]*k? (?:views?|reads?|shares?|hits?|page ?views?)",
    ),
    _rule(
        "share-follow",
        r"(?:share|tweet|pin|print|e-?mail|like|follow)(?: (?:this|it))?"
        r"(?: (?:article|story|post|page))?(?: (?:on|via|with) " + SOCIAL + r")?[.!:]?|"
        r"(?:share|follow|like|find) (?:us|me|him|her) on " + SOCIAL + r"(?:(?:,| and| or) "
        + SOCIAL + r")*[.!]?|"
        r"follow (?:@\w+|us|me)(?: on " + SOCIAL + r")?[.!]?|"
        r"follow [^.!?|]{1,40} on " + SOCIAL + r"(?::? \S+)?|"
        r"(?:share|follow|like) (?:us|me) on " + SOCIAL + r":? \S+|"
        r"click to (?:share|print|email)[^.]{0,60}|"
        r"e-?mail (?:this |it )?to a friend|back to top|read or share this (?:story|article):? \S+|"
        r"share this (?:story|article|post|page) with [^.!?]{1,40}[.!]?|"
        r"follow [^.!?|]{1,40} for (?:breaking |the latest |more )?(?:news|updates|alerts)(?: (?:alerts|updates))?[.!]?|"
        r"(?:don[’']t miss out[!.,]?\s*[-–—]?\s*)?join (?:\d[\d,]* \w+ in )?our (?:free )?(?:telegram|whatsapp|discord|signal)"
        r" (?:group|channel|community)[^.!?]{0,40}[.!]?|"
        r"share (?:this|on)[^.!?]{0,40}:(?: " + SOCIAL + r")*|"
        r"like this:(?: like)?(?: loading\.{3}| loading…)?(?: related)?|"
        + STANDALONE_SOCIAL + r"|share|shares|tweet",
    ),
    _rule(
        "cookie-notice",
        r"(?:we|this (?:web)?site|our (?:web)?site|this website|our partners)"
        r" (?:and our partners )?(?:uses?|may use|place|store) cookies\b.*|"
        r"by (?:continuing to )?(?:use|using|browse|browsing)[^.]{0,60}(?:cookies)\b.*|"
        r"(?:accept|allow|reject|decline|manage)(?: all| essential)? cookies.*|"
        r"cookie (?:policy|settings|preferences|notice)\.?",
        MAX_COOKIE_WORDS,
    ),
    # Related-story and trending headers are navigation, not promotion:
    # :mod:`newsledger.clean.furniture` gives them ``related-links``.
    _rule(
        "featured-post",
        r"(?:featured|sponsored|promoted|recommended)"
        r"(?: (?:posts?|stories|articles|content|links|reading|news))?:?",
    ),
    _rule(
        "read-more",
        r"(?:read more|continue reading|keep reading)(?: →| >+|:|\.{3}|…)?|\[read more(?: here)?\]|"
        r"read more(?: great)?(?: articles| posts| stories)?(?: here)?(?: ?(?:at|@|:) ?\S+)|"
        r"(?:[^.!?\"“”]{1,80}[.!] )?read more (?:at|on) (?:our|the) (?:website|site|homepage)[.!]?",
    ),
    _rule("advert", r"advertisements?|\(?advertisement\)?|ad|sponsored content"),
    # A paywall call, possibly after one house-notice sentence ("X carries
    # reports from Y."): such notices use reporting verbs, so only quoted
    # speech vetoes this rule.
    _rule(
        "subscription-prompt",
        r"(?:[^.!?\"“”]{1,120}[.!] )?(?:subscribe|become a (?:member|subscriber)|sign up|join)(?: today| now)?"
        r"(?: (?:for|to get|and get|to enjoy)) (?:unlimited|full|digital|complete|ad-free)[^.!?]{0,20} access\b[^.!?]{0,60}[.!]?",
        30,
        verb_veto=False,
    ),
    _rule(
        "subscription-prompt",
        r"(?:support (?:independent|local|quality) journalism[.!] )?subscribe to [^.!?]{1,40} (?:from|for(?: just| only)?) "
        r"[$€£]\s?\d[\d.,]*(?: (?:a|per) (?:week|month|year))?[.!]?",
    ),
    # House notices: disclaimers, copyright and licensing lines, taglines
    # such as "Serving the valley since 1887", and automated-summary notes.
    _rule(
        "house-notice",
        r"(?:disclaimer:[^\n]{0,200}|(?:copyright|©)\s[^\n]{0,120}|all rights reserved\.?|"
        r"[^.!?]{1,60} content is for personal use only\.?(?: republication requires [^.]{1,40}\.?)?|"
        r"(?:proudly )?serving [^.!?]{1,60} since \d{4}[.!]?|"
        r"this (?:summary|article|story|post|digest|report) (?:was|has been|is) (?:compiled|generated|produced|aggregated|curated|created)"
        r" (?:automatically )?[^.!?]{0,100}[.!]?)",
        40,
        verb_veto=False,
    ),
)

FEATURED_HEADER = re.compile(
    r"^(?:featured|sponsored|promoted)(?: (?:post|posts|story|stories|content))?:?$", _I
)
TRUNCATED_TEASER = re.compile(r"(?:\w\.{3}|\w…|\[\.{3}\]|\[…\])\s*$")
MONEY_OFFER = re.compile(
    r"\b(?:earn|make|making|win|get)\b[^.]{0,60}?"
    r"(?:\$\s?\d[\d,]*|\d[\d,]* ?(?:dollars|usd|bitcoins?|btc|eth)|bitcoins?|"
    r"money|cash|income|profit)",
    _I,
)
SPAM_STYLE = re.compile(
    r"\b(?:easily|guaranteed|from home|per (?:day|week|month)|click here|limited time|"
    r"act now|no experience)\b",
    _I,
)
def words(line: str) -> list[str]:
    return line.split()


def is_spam_offer(line: str) -> bool:
    """A get-rich offer: money vocabulary plus a spam signal (a cut-off teaser or hype words).

    Capitals alone are not a signal: some blogs set real headlines in capitals.
    """
    if not MONEY_OFFER.search(line):
        return False
    return bool(TRUNCATED_TEASER.search(line)) or bool(SPAM_STYLE.search(line))


def match_rule(line: str) -> str | None:
    """The reason code of the first whole-line rule this (stripped) line matches.

    Page furniture (:func:`furniture_reason`: related links, captions,
    video players) is tested first, with its own guards against prose.

    A bar of widgets ("Share | Tweet | Email") is boilerplate when every
    ``|``-separated part is.
    """
    stripped = line.strip()
    if not stripped:
        return None
    furniture = furniture_reason(stripped)
    if furniture is not None:
        return furniture
    if len(words(stripped)) > MAX_COOKIE_WORDS:
        return None
    rule = _match_single(stripped)
    for separator in (SEPARATOR_BAR, SEPARATOR_SENTENCE):
        if rule is None:
            rule = _match_all_parts(stripped, separator)
    if rule is None or QUOTED_SPEECH.search(stripped):
        return None
    if rule.verb_veto and REPORTING_VERB.search(stripped):
        return None
    return rule.reason


# A line of widgets ("Share | Tweet | Email") or of prompt sentences ("Join
# the conversation. Log in or register to comment.") is boilerplate when
# every part is.
SEPARATOR_BAR = re.compile(r"\s*\|\s*")
SEPARATOR_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _match_all_parts(stripped: str, separator: re.Pattern[str]) -> Rule | None:
    parts = [p for p in separator.split(stripped) if p.strip()]
    if len(parts) < 2:
        return None
    rules = [_match_single(p.strip()) for p in parts]
    return rules[0] if all(rules) else None


SPAM_RULE = Rule("spam-offer", re.compile(r"$^"), MAX_COOKIE_WORDS)


def _match_single(stripped: str) -> Rule | None:
    count = len(words(stripped))
    for rule in RULES:
        if count <= rule.max_words and rule.pattern.match(stripped):
            return rule
    if count <= MAX_COOKIE_WORDS and is_spam_offer(stripped):
        return SPAM_RULE
    return None


def is_featured_header(line: str) -> bool:
    return bool(FEATURED_HEADER.match(line.strip()))


def is_teaser(line: str) -> bool:
    """A cut-off excerpt ("...walle...") as shown under a featured/related header."""
    return bool(TRUNCATED_TEASER.search(line.strip()))


_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[\W_]+")


def line_key(line: str) -> str:
    """Normalised key for learning lines repeated across one source's articles.

    Case, spacing, punctuation and digits are folded so "(Visited 43 times)"
    and "(Visited 7 times)" share a key.
    """
    text = unicodedata.normalize("NFKC", line).casefold()
    text = _DIGITS.sub("0", text)
    return _NON_WORD.sub(" ", text).strip()


VARIANT_MARK = "="


# Years are folded even in a variant key: a credit line that changes only its
# year ("Sun-Times 2014", "Sun-Times 2015") is one variant, so it is learned.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def variant_key(line: str) -> str | None:
    """For a line with digits: its :func:`line_key` and its digits, as ``=folded=exact``; else None.

    Counting these tells a line whose digits recur (a desk's phone number, a
    credit line's year) from one whose digits are new in nearly every
    article (a bulletin's readings).  ``=`` never occurs in a ``line_key``.
    """
    text = unicodedata.normalize("NFKC", line).casefold()
    if not _DIGITS.search(text):
        return None
    exact = _NON_WORD.sub(" ", _YEAR.sub("yyyy", text)).strip()
    return f"{VARIANT_MARK}{line_key(line)}{VARIANT_MARK}{exact}"
