"""The cleaner: encoding repair, explained line removal, plain-text headers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsledger.clean import CleanResult, clean_text, line_key, sniff_text, variant_key
from newsledger.clean.boilerplate import match_rule
from newsledger.clean.mojibake import repair_mixed_mojibake, repair_text

SEEDS = Path("/work/shared/seeds")

# The exact lines the cleaner must drop from the three reference reports.
SEED_REMOVALS = {
    "000": ["Sign up to receive our latest news!", "By submitting this form, I agree to the terms."],
    "001": ["(Visited 43 times, 1 visits today)", "You must be logged in to post a comment Login"],
    "002": ["Featured post", None, "Post a Comment"],  # None: the bitcoin offer, checked by shape
}

DIRTY_PAGE = """Ministers meet in Brussels over grain export deal

We use cookies to give you the best experience on our site. Accept all cookies
BRUSSELS, March 3, 2023 (AFP) — Agriculture ministers met on Friday to discuss the grain deal.

“We will not let the corridor close,” the Polish minister told journalists after the meeting.

Share this article
Follow us on Twitter
Facebook | Twitter | Email
12 comments

Reuters said it would sign up more reporters to cover the talks next week.
Readers were asked to leave a comment on the ministry's website, officials said.
The commission will subscribe to the new monitoring service, a spokeswoman added.
Accept cookies
(Visited 1,208 times, 3 visits today)
"""

SURVIVORS = [
    "BRUSSELS, March 3, 2023 (AFP) — Agriculture ministers met on Friday to discuss the grain deal.",
    "“We will not let the corridor close,” the Polish minister told journalists after the meeting.",
    "Reuters said it would sign up more reporters to cover the talks next week.",
    "Readers were asked to leave a comment on the ministry's website, officials said.",
    "The commission will subscribe to the new monitoring service, a spokeswoman added.",
]


def seed_text(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("reference seeds not available")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not available")
    return matches[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Sign up to receive our latest news!", "newsletter-signup"),
        ("Subscribe to our daily briefing", "newsletter-signup"),
        ("Enter your email address:", "newsletter-signup"),
        ("By submitting this form, I agree to the terms.", "form-consent"),
        ("By signing up, you agree to our Privacy Policy and Terms of Use.", "form-consent"),
        ("Post a Comment", "comment-prompt"),
        ("Leave a Reply Cancel reply", "comment-prompt"),
        ("37 Comments", "comment-prompt"),
        ("You must be logged in to post a comment Login", "login-prompt"),
        ("Log in to comment", "login-prompt"),
        ("(Visited 43 times, 1 visits today)", "view-counter"),
        ("2,341 views", "view-counter"),
        ("Share this:", "share-follow"),
        ("Follow us on Facebook and Instagram", "share-follow"),
        ("Share | Tweet | Email", "share-follow"),
        ("This website uses cookies to improve your experience.", "cookie-notice"),
        ("Accept all cookies", "cookie-notice"),
        ("Featured post", "featured-post"),
        ("Related Articles", "related-links"),
        ("Continue reading →", "read-more"),
        ("Advertisement", "advert"),
        ("MAKE $500 PER DAY FROM HOME WITH THIS ONE SIMPLE CRYPTO TRICK, CLICK HERE", "spam-offer"),
    ],
)
def test_rule_matches_prompt_line(line: str, reason: str) -> None:
    assert match_rule(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Reuters said it would sign up more reporters to cover the summit.",
        "Sign up for the draft was compulsory in 1917, historians note.",
        "The senator declined to comment on the report.",
        "He told reporters he would follow the case on Twitter.",
        "Visitors to the museum can view the letters until May.",
        "“Share the burden,” the minister said.",
        "The company said it expects to earn $2 billion this year.",
        "Miners earn new bitcoins by validating blocks of transactions.",
        "Comments made by the ambassador angered Beijing.",
        "",
    ],
)
def test_reporting_lines_are_never_rules(line: str) -> None:
    assert match_rule(line) is None


def test_dirty_fixture_keeps_every_real_sentence() -> None:
    result = clean_text(DIRTY_PAGE)
    kept = result.text.split("\n")
    for sentence in SURVIVORS:
        assert sentence in kept
    reasons = [r.reason for r in result.removed]
    assert reasons.count("cookie-notice") == 2
    assert reasons.count("share-follow") == 3
    assert "comment-prompt" in reasons and "view-counter" in reasons
    assert len(result.removed) == 7


def test_removal_offsets_point_into_original_text() -> None:
    original = "Caf\u00c3\u00a9 opens.\r\n  Post a\u00a0Comment  \r\nBody line two."
    result = clean_text(original)
    (removal,) = result.removed
    assert removal.reason == "comment-prompt"
    assert original[removal.start : removal.end] == "Post a\u00a0Comment" == removal.text
    assert result.text == "Caf\u00e9 opens.\n\nBody line two."
    # One mojibake repair; the no-break space is valid text, normalised but not counted as damage.
    assert result.repairs == 1


def test_paragraphs_kept_and_removed_lines_break_paragraphs() -> None:
    result = clean_text("First para line one.\nline two.\n\n\n\nSecond para.\nShare\nThird part.")
    assert result.text == "First para line one.\nline two.\n\nSecond para.\n\nThird part."


def test_repeated_lines_removed_whatever_their_length() -> None:
    repeated = frozenset({line_key("Delivered by The Daily Courier"), line_key("Top")})
    result = clean_text("Delivered by the Daily Courier\nThe mayor resigned on Monday.\nTOP", repeated=repeated)
    assert result.text == "The mayor resigned on Monday."
    assert [r.reason for r in result.removed] == ["repeated-in-source", "repeated-in-source"]


def test_variant_key_keeps_digits_but_folds_years() -> None:
    assert variant_key("Gauge at Weir: 2.41 m") != variant_key("Gauge at Weir: 3.06 m")
    assert variant_key("(Wire copy © Hill Press 2014.)") == variant_key("(wire copy © Hill Press 2015)")
    assert variant_key("Gauge at Weir: 2.41 m").startswith("=" + line_key("Gauge at Weir: 2.41 m") + "=")
    assert variant_key("No digits here") is None


def test_line_key_folds_case_space_digits() -> None:
    assert line_key("(Visited 43 times,  1 visits today)") == line_key("(visited 7 times, 12 visits today)")
    assert line_key("Hello World") != line_key("Hello there")
    assert line_key("   ") == ""


def test_featured_block_drops_teaser_but_not_next_paragraph() -> None:
    text = (
        "Featured post\n\n\nHow one reader turned a small loan into a fortune and never looked bac...\n\n"
        "Tuesday, 4 April 2023\n\nThe council approved the budget."
    )
    result = clean_text(text)
    assert [r.reason for r in result.removed] == ["featured-post", "featured-post"]
    assert result.text.startswith("Tuesday, 4 April 2023\n\nThe council")


def test_macroman_mojibake_repaired_beside_real_curly_quotes() -> None:
    broken = "A new\u00ac\u2020 \u201cpartner\u201d\u00ac\u2020 era \u201a\u00c4\u00ee it\u201a\u00c4\u00f4s here"
    fixed, spans = repair_mixed_mojibake(broken)
    assert fixed == "A new\u00a0 \u201cpartner\u201d\u00a0 era \u2014 it\u2019s here"
    assert spans == 4


def test_real_accents_and_quotes_left_alone() -> None:
    text = "“Émile” visited Zürich — naïve, Ångström, © 2020, ½ price"
    assert repair_mixed_mojibake(text) == (text, 0)
    assert repair_text(text).text == text


def test_repair_keeps_curly_quotes_and_fixes_windows_mojibake() -> None:
    repair = repair_text("It\u00e2\u20ac\u2122s a \u201cdeal\u201d\u00a0now\u200b.")
    assert repair.text == "It\u2019s a \u201cdeal\u201d now."
    assert repair.count == 1 and repair.odd_spaces == 2


def test_clean_result_type() -> None:
    assert isinstance(clean_text("x"), CleanResult)


@pytest.mark.parametrize("prefix", sorted(SEED_REMOVALS))
def test_seed_removals_exact(prefix: str) -> None:
    result = clean_text(seed_text(prefix))
    expected = SEED_REMOVALS[prefix]
    removed = [r.text for r in result.removed]
    assert len(removed) == len(expected)
    for want, got in zip(expected, result.removed):
        if want is None:
            assert got.reason == "spam-offer" and "BITCOIN" in got.text and got.text.endswith("...")
        else:
            assert got.text == want
    assert "\u00ac" not in result.text and "\u00a0" not in result.text
    assert "\u201c" in result.text


def test_seed_body_lines_all_survive() -> None:
    for prefix in SEED_REMOVALS:
        raw = seed_text(prefix)
        result = clean_text(raw)
        gone = {r.start for r in result.removed}
        offset = 0
        for line in raw.split("\n"):
            lead = len(line) - len(line.lstrip())
            if line.strip() and offset + lead not in gone:
                assert " ".join(repair_text(line).text.split()) in result.text
            offset += len(line) + 1


def test_sniff_seed_headers() -> None:
    meta = sniff_text(clean_text(seed_text("002")).text)
    assert meta.published == dt.date(2017, 1, 28)
    assert meta.title is not None and meta.title.startswith("BREAKING:")
    assert meta.source is None
    meta = sniff_text(clean_text(seed_text("001")).text)
    assert meta.title is not None and meta.published is None
    meta = sniff_text(clean_text(seed_text("000")).text)
    assert meta.title is None and meta.published is None and meta.body_start == 0


@pytest.mark.parametrize(
    ("text", "title", "published", "source"),
    [
        ("Council Backs New Bridge Plan\n\nThe council voted.", "Council Backs New Bridge Plan", None, None),
        ("Posted on Jan. 5, 2021\n\nThe council voted.", None, dt.date(2021, 1, 5), None),
        ("2019-12-29\nLeaders Speak By Phone\n\nThey spoke.", "Leaders Speak By Phone", dt.date(2019, 12, 29), None),
        ("MOSCOW, Jan 28 (Reuters) - The two leaders spoke.", None, None, "Reuters"),
        ("PARIS, March 3, 2023 (AFP) — Ministers met.", None, dt.date(2023, 3, 3), "AFP"),
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", None, None, "AP"),
        ("(CNN) The Senate voted on Tuesday.", None, None, "CNN"),
        ("(Video) The Senate voted on Tuesday.", None, None, None),
        ("The vote on Jan. 5, 2021 was close, officials said.\n\nMore text.", None, None, None),
        ("Storm cuts power to thousands\n\nCrews worked overnight.", "Storm cuts power to thousands", None, None),
        ("Storm Hits Coast\nBy Ana Ruiz and Tom Lee: April 4, 2016\n\nText.", "Storm Hits Coast", dt.date(2016, 4, 4), None),
        ("by JOHN SMITH\n\nThe storm hit.", None, None, None),
        ("By the time the storm hit, the town was empty.\n\nMore.", None, None, None),
    ],
)
def test_sniff_text_headers(text: str, title, published, source) -> None:
    meta = sniff_text(text)
    assert (meta.title, meta.published, meta.source) == (title, published, source)


@pytest.mark.parametrize("prefix", sorted(SEED_REMOVALS))
def test_sniff_raw_seed_same_as_cleaned(prefix: str) -> None:
    raw = seed_text(prefix)
    on_raw, on_clean = sniff_text(raw), sniff_text(clean_text(raw).text)
    assert (on_raw.title, on_raw.published, on_raw.source) == (
        on_clean.title,
        on_clean.published,
        on_clean.source,
    )


def test_sniff_steps_over_top_boilerplate() -> None:
    text = "Featured post\n\nEarn big with our fund toda...\n\nJan. 5, 2021\n\nCity Council Backs Bridge\n\nThe vote."
    meta = sniff_text(text)
    assert (meta.title, meta.published) == ("City Council Backs Bridge", dt.date(2021, 1, 5))
    assert text[meta.body_start :] == "The vote."


def test_sniff_body_start_after_headers() -> None:
    text = "Leaders Speak By Phone\n\nSaturday, 28 January 2017\n\nThe two presidents spoke."
    meta = sniff_text(text)
    assert text[meta.body_start :] == "The two presidents spoke."


def test_sentence_case_headline_stacked_on_a_masthead_and_date():
    text = (
        "Flood waters recede slowly in river towns\n"
        "Valley Gazette — Regional\n"
        "14 March 2022\n\n"
        "Residents began returning home on Monday as the river fell below its banks."
    )
    meta = sniff_text(text)
    assert meta.title == "Flood waters recede slowly in river towns"
    assert meta.source == "Valley Gazette"
    assert meta.published == dt.date(2022, 3, 14)


def test_first_sentence_is_not_taken_for_a_headline_or_masthead():
    meta = sniff_text("The council met on Monday to discuss the budget.\nIt voted to delay the decision.\n")
    assert meta.title is None and meta.source is None


def test_paywall_line_after_a_house_notice_is_removed_but_reporting_is_not():
    notice = "The Valley Gazette carries reports from Atlas Wire. Subscribe today for unlimited access to our archive."
    prose = "Atlas Wire said it would subscribe for unlimited access to the archive of the court."
    result = clean_text(f"A real first paragraph about the vote.\n\n{notice}\n\n{prose}")
    assert [r.reason for r in result.removed] == ["subscription-prompt"]
    assert prose in result.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Print this article | Email to a friend | Back to top", "share-follow"),
        ("Join the conversation. Log in or register to comment.", "comment-prompt"),
        ("Log in to leave a comment. Not a member yet? Register here.", "login-prompt"),
        ("Comments are closed for this article.", "comment-prompt"),
        ("Unsubscribe | Manage preferences | View in browser", "newsletter-signup"),
        ("You are reading The Valley Brief. Forwarded this email? Sign up here.", "newsletter-signup"),
        ("Follow Atlas Wire for breaking news alerts.", "share-follow"),
        ("Don't miss out! Join 50,000 traders in our free Telegram group.", "share-follow"),
        ("Support independent journalism. Subscribe to the Valley Gazette from $2 a week.", "subscription-prompt"),
        ("Disclaimer: Nothing on this website is financial advice. Copyright example.biz", "house-notice"),
        ("Atlas Wire content is for personal use only. Republication requires a licence.", "house-notice"),
        ("Serving the river towns since 1902", "house-notice"),
        ("This summary was compiled automatically from several news sources by Brief Bot.", "house-notice"),
    ],
)
def test_more_prompt_lines(line, reason):
    assert match_rule(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Police said they would follow the suspect's trail for news of the missing boat.",
        "The mayor, who has been serving the city since 2004, said the plan would go ahead.",
        "Comments by the minister were closed to the press, officials said.",
    ],
)
def test_reporting_lines_that_resemble_prompts_survive(line):
    assert match_rule(line) is None


# --- page furniture: related links, captions, video players, coordinates -----

LINK_LIST_PAGE = """A man was shot in the leg outside a bakery in Harbor Point on Sunday, police said.

Detectives have not named a suspect.

ALSO:

Ferry service resumes after winter storm in Westmere

Two injured in highway crash near Lake Orin

-- Dana Ortiz"""


def test_link_list_under_also_header_is_removed_as_related_links():
    result = clean_text(LINK_LIST_PAGE)
    assert [r.reason for r in result.removed] == ["related-links"] * 3
    assert "Westmere" not in result.text and "Lake Orin" not in result.text
    assert result.text.endswith("Detectives have not named a suspect.\n\n-- Dana Ortiz")
    for r in result.removed:
        assert LINK_LIST_PAGE[r.start : r.end] == r.text


def test_link_list_ends_at_the_first_sentence():
    text = "TRENDING STORIES:\n\nPolice said the gunman fled in a grey van after the shooting.\n\nNo one was hurt."
    result = clean_text(text)
    assert [(r.text, r.reason) for r in result.removed] == [("TRENDING STORIES:", "related-links")]
    assert result.text.startswith("Police said the gunman fled")


@pytest.mark.parametrize(
    "line",
    [
        "ALSO: Ferry service resumes after winter storm in Westmere",
        "RELATED: Man, 30, charged in shooting at a bus stop",
        "Related: Mayor names new police chief",
        "MORE: Second suspect arrested in bar shooting, police say",
        "READ MORE: School district adds counsellors after shooting",
        "RELATED LINK | Witnesses describe the night of the fire",
        "Related Coverage Boy hurt in drive-by shooting",
        "Read more: Family lays teenager to rest Read more »",
        "Related Stories",
        "TRENDING STORIES:",
        "MORE FROM EXAMPLE-NEWS.COM",
        "You might also like:",
    ],
)
def test_related_story_links_and_navigation_headers(line):
    assert match_rule(line) == "related-links"


@pytest.mark.parametrize(
    "line",
    [
        'Also: "We will rebuild every house on this street," the mayor said.',
        "Also: the family asked for privacy, a spokesman said.",
        "RELATED: See photos of the suspects wanted in the case.",
        "More than 40 people were at the party when the shots were fired.",
        "Related charges were filed on Tuesday.",
    ],
)
def test_prose_that_starts_like_a_link_label_is_kept(line):
    assert match_rule(line) is None


def test_navigation_is_not_counted_as_a_featured_spam_block():
    result = clean_text("Related posts:\n\nPolice seize ten guns in raid on warehouse\n\nThe raid took place on Monday.")
    assert {r.reason for r in result.removed} == {"related-links"}
    assert result.text == "The raid took place on Monday."


@pytest.mark.parametrize(
    "line",
    [
        "Buy Photo Officers search the yard of a home on Elm Street on Tuesday. (Photo: Dana Ortiz/The Herald)Buy Photo",
        "Investigators at the scene of the shooting on Friday (Photo: Lee Park, Valley News)",
        "Crime scene tape (Photo: File)",
        "Jordan Miles (left) and his brother (Photo courtesy of the Miles family)",
        "A boy was shot in the arm near a park, police said. View Full Caption Valley News/Lee Park",
        "Officers near the scene in the Third Ward. Photo: Metro Video",
        "Image 1 of / 4 Caption Close",
        "Lee Park was booked into the county jail on March 2, 2016 (County Jail Photo)",
        "Caption Bus driver hurt in crash A bus driver was hurt on Monday. Caption Council votes on budget The council met.",
    ],
)
def test_photo_captions(line):
    assert match_rule(line) == "photo-caption"


@pytest.mark.parametrize(
    "line",
    [
        "Police released a photo of the suspect on Tuesday.",
        "The photo, taken by a neighbour, shows the car speeding away (police have not confirmed it).",
        "He was charged after a photo (posted online) showed him with the rifle.",
        "Caption contests are popular, and the caption winner gets a prize.",
    ],
)
def test_sentences_about_photos_are_kept(line):
    assert match_rule(line) is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Hide Transcript Show Transcript", "video-player"),
        ("Copy Link Copy", "video-player"),
        ("WEBVTT THE MAYOR SPOKE AT CITY HALL. " + "REPORTER: WHO WAS THERE TONIGHT " * 40, "video-transcript"),
        ("00:00:01.000 --> 00:00:04.500", "video-transcript"),
        ("0:43 Chief warns drivers after attack on patrol car Pause", "video-playlist"),
        ("2:01 Coach says team will play Friday despite shooting", "video-playlist"),
        ("Read or Share this story: http://example.com/2xYz", "share-follow"),
        ("33.919235 -118.333397", "map-coordinates"),
    ],
)
def test_video_player_furniture_share_links_and_coordinates(line, reason):
    assert match_rule(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "11:49 a.m. An officer was shot in the hand near the shopping centre.",
        "9:40 p.m.",
        "The transcript of the 911 call was released on Friday.",
        "Police asked anyone with video of the shooting to call 555-0100.",
        # A reposting blog's list of its sources is its credit line: kept.
        "http://www.example-news.com/local/2013/01/man-shot-at-party",
    ],
)
def test_live_blog_times_and_mentions_of_video_are_kept(line):
    assert match_rule(line) is None


def test_a_page_that_is_only_a_video_playlist_has_no_text():
    page = "0:43 Chief warns drivers after attack on patrol car Pause\n\n1:45 Suspect appears in court\n\n0:50 Storm knocks out power"
    result = clean_text(page)
    assert result.text == ""
    assert {r.reason for r in result.removed} == {"video-playlist"}


def test_windows_1252_mojibake_of_one_letter_is_repaired():
    repair = repair_text("Whole streets in Kahramanmara\u00c5\u0178 collapsed, residents said.")
    assert repair.text == "Whole streets in Kahramanmara\u015f collapsed, residents said."
    assert repair.count == 1


@pytest.mark.parametrize(
    "text",
    [
        "Quake Flattens Whole Towns!\n\nRescuers dug through the night.",
        "Quake flattens whole towns!\n\nRescuers dug through the night.",
        "SHOCKING: Mayor Quits Live On Air!\nPosted on March 3, 2021\n\nThe mayor resigned on Monday.",
    ],
)
def test_headline_ending_in_exclamation_mark_is_sniffed(text):
    meta = sniff_text(text)
    assert meta.title is not None and meta.title.endswith("!")
    assert sniff_text(text).body_start > 0
