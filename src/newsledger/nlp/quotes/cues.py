"""The attribution cue lexicon (knowledge/cues.yaml) as a small query object.

Kept as data so the component and the PolNeAR evaluation share one
definition of a "speech/reporting cue".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsledger.nlp.kb import read_knowledge_text

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


@dataclass(frozen=True)
class CueLexicon:
    """Cue verbs by lemma, their inflected forms, and multi-word cues."""

    speech: frozenset[str]
    cognition: frozenset[str]
    speech_forms: frozenset[str]
    infinitive_content: frozenset[str]
    no_object_content: frozenset[str]
    speech_phrases: tuple[str, ...]
    content_nouns: frozenset[str]
    source_descriptors: frozenset[str]
    source_voices: frozenset[str]
    inference: frozenset[str]
    speaker_nouns: frozenset[str]
    phrasal: dict[str, frozenset[str]]
    sense_conditions: dict[str, tuple[str, ...]]

    def is_speech_verb(self, lemma: str) -> bool:
        return lemma.lower() in self.speech

    def is_cognition_verb(self, lemma: str) -> bool:
        return lemma.lower() in self.cognition

    def phrasal_preps(self, lemma: str) -> frozenset[str]:
        return self.phrasal.get(lemma.lower(), frozenset())

    def is_reporting_cue(self, cue_text: str) -> bool:
        """True when a cue's surface text contains a speech/reporting verb or phrase.

        Works on raw text (no lemmatiser) so it classifies gold cues the same
        way for every system being scored.
        """
        low = " ".join(cue_text.lower().split())
        if any(p in low for p in self.speech_phrases):
            return True
        return any(w in self.speech_forms for w in _WORD.findall(low))


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """Read knowledge/cues.yaml once per process, through the knowledge folder's one reader."""
    text = resources.files("newsledger").joinpath("knowledge", "cues.yaml").read_text(encoding="utf-8")
    data = read_knowledge_text(text, "knowledge/cues.yaml")
    speech = data["speech"]
    forms = {lemma for lemma in speech} | {f for fs in speech.values() for f in fs}
    return CueLexicon(
        speech=frozenset(speech),
        cognition=frozenset(data["cognition"]),
        speech_forms=frozenset(forms),
        infinitive_content=frozenset(data["infinitive_content"]),
        no_object_content=frozenset(data["no_object_content"]),
        speech_phrases=tuple(p for p, kind in data["phrases"].items() if kind == "speech"),
        content_nouns=frozenset(data["content_nouns"]),
        source_descriptors=frozenset(data["source_descriptors"]),
        source_voices=frozenset(data["source_voices"]),
        inference=frozenset(data["inference"]),
        speaker_nouns=frozenset(data["speaker_nouns"]),
        phrasal={verb: frozenset(preps) for verb, preps in data["phrasal"].items()},
        sense_conditions={verb: tuple(conds) for verb, conds in data.get("sense_conditions", {}).items()},
    )


def is_reporting_cue(cue_text: str) -> bool:
    """Module-level shortcut used by the evaluation."""
    return load_lexicon().is_reporting_cue(cue_text)


# ---- features of a possible cue token (read by the learned cue model) ----------------
CUE_POS = ("VERB", "AUX", "NOUN", "ADJ")
# dependents whose presence says how a word is used ("told reporters that" / "called him a liar")
TELLING_DEPS = {"ccomp", "xcomp", "dobj", "dative", "oprd", "prep", "advcl", "nsubj", "nsubjpass", "csubj", "agent", "acl", "relcl", "neg", "attr", "acomp", "parataxis", "prt", "poss"}


def is_cue_candidate(tok) -> bool:
    """Tokens the cue model looks at: content words that can head a cue, and "according"."""
    return tok.pos_ in CUE_POS or tok.lower_ == "according"


def _word(tok) -> str:
    return tok.lower_ if (tok.is_stop or tok.is_punct) else tok.tag_


def cue_features(tok, lex: CueLexicon, near_quote: bool, in_quote: bool, in_title: bool) -> list[str]:
    """Named features of ``tok`` as a possible cue: its word, how it is used, what surrounds it."""
    lemma = tok.lemma_.lower()
    kind = "speech" if lex.is_speech_verb(lemma) else "cognition" if lex.is_cognition_verb(lemma) else "none"
    feats = [
        "lemma=" + lemma, "tag=" + tok.tag_, "dep=" + tok.dep_, "lex=" + kind,
        f"lemma|dep={lemma}|{tok.dep_}", f"lemma|tag={lemma}|{tok.tag_}",
        f"lex|dep={kind}|{tok.dep_}", f"lex|tag={kind}|{tok.tag_}",
        f"head={tok.head.pos_}|{tok.dep_}",
    ]
    for child in tok.children:
        dep = child.dep_
        if dep not in TELLING_DEPS and not (dep == "aux" and child.tag_ in ("MD", "TO")):
            continue
        if dep == "aux":
            feats += ["aux=" + child.lower_, f"lemma|aux={lemma}|{child.tag_}"]
            continue
        feats += ["child=" + dep, f"lemma|child={lemma}|{dep}", f"lex|child={kind}|{dep}"]
        if dep in ("prep", "prt", "agent"):
            feats += [f"prep={child.lower_}", f"lemma|prep={lemma}|{child.lower_}"]
        elif dep in ("nsubj", "nsubjpass", "csubj"):
            what = child.ent_type_ or child.pos_
            feats += ["subj=" + what, f"lemma|subj={lemma}|{what}"]
            if child.pos_ == "NOUN":
                feats.append("subj_lemma=" + child.lemma_.lower())
        elif dep == "ccomp":
            mark = next((g.lower_ for g in child.children if g.dep_ == "mark"), "-")
            feats.append("ccomp_mark=" + mark)
        elif dep == "dobj":
            what = child.ent_type_ or child.pos_
            feats.append(f"lemma|dobj={lemma}|{what}")
    if tok.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl", "relcl"):
        feats.append(f"head_lemma={tok.head.lemma_.lower()}|{tok.dep_}")
    doc = tok.doc
    if tok.i > 0:
        feats.append("prev=" + _word(doc[tok.i - 1]))
    if tok.i + 1 < len(doc):
        feats.append("next=" + _word(doc[tok.i + 1]))
        feats.append(f"lemma|next={lemma}|{_word(doc[tok.i + 1])}")
    if near_quote:
        feats += ["near_quote", f"lex|near_quote={kind}"]
    if in_quote:
        feats += ["in_quote", f"lex|in_quote={kind}"]
    if in_title:
        feats.append("in_title")
    return feats


# ---- the stance cue model: verbs outside the lexicon (mode="all") --------------------------
# PolNeAR annotates stances and acts as attributions ("chanting", "rated", "attacking"): about
# 300 of dev's gold cues with a source are headed by a verb outside the lexicon. A second model,
# trained on these verbs only, sees features of how the verb attributes something to someone.
# complements through which a verb can attribute a content ("rated it a lie", "attacked X for Y")
STANCE_COMPLEMENTS = ("ccomp", "xcomp", "dobj", "prep", "oprd", "dative", "attr", "acomp", "parataxis", "advcl")
SPEAKER_ENTS = ("PERSON", "ORG", "NORP", "GPE")
PERSONAL_PRONOUNS = {"i", "we", "you", "he", "she", "they"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


def is_stance_candidate(tok, lex: CueLexicon) -> bool:
    """A verb outside the cue lexicon with a complement that can carry what is attributed."""
    if tok.pos_ != "VERB" or not tok.is_alpha or tok.lower_ == "according":
        return False  # "according to" and a signature dash the tagger took for a verb have their own rules
    lemma = tok.lemma_.lower()
    if lex.is_speech_verb(lemma) or lex.is_cognition_verb(lemma):
        return False
    return any(c.dep_ in STANCE_COMPLEMENTS for c in tok.children)


def _subject_class(subject, lex: CueLexicon) -> str:
    """What kind of thing the verb's subject is: a named speaker, a pronoun, a noun of people."""
    if subject is None:
        return "none"
    if subject.tag_ in ("WP", "WDT"):
        return "relative"
    if subject.ent_type_ in SPEAKER_ENTS:
        return "ent:" + subject.ent_type_
    if subject.pos_ == "PRON":
        return "pron:" + subject.lower_ if subject.lower_ in PERSONAL_PRONOUNS else "pron:other"
    lemma = subject.lemma_.lower()
    if lemma in lex.source_descriptors or lemma in lex.speaker_nouns:
        return "noun:speaker"
    return "noun:" + subject.pos_


def _inherited_subject(tok):
    """The subject a coordinated or dependent verb shares with the verb it hangs from."""
    node = tok
    for _ in range(3):
        if node.dep_ not in ("conj", "xcomp", "advcl") or node.head.i == node.i:
            return None
        node = node.head
        subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return subject
    return None


def stance_features(tok, lex: CueLexicon, quoted_complement: bool, in_quote: bool, sent_start: int, sent_end: int) -> list[str]:
    """Features of a stance candidate: the word (lemma, suffix), who does it (subject class),
    what it takes (complement types, a quoted complement), how it is said (tense, modal,
    negation) and where (position in the sentence, inside a quotation)."""
    lemma = tok.lemma_.lower()
    subject = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
    inherited = subject is None
    if inherited:
        subject = _inherited_subject(tok)
    subj = _subject_class(subject, lex)
    comps = sorted({c.dep_ for c in tok.children if c.dep_ in STANCE_COMPLEMENTS})
    feats = [
        "s_lemma=" + lemma, "s_suf3=" + lemma[-3:], "s_tag=" + tok.tag_, "s_dep=" + tok.dep_,
        "s_subj=" + subj, f"s_subj|inh={subj}|{inherited}", f"s_lemma|subj={lemma}|{subj.split(':')[0]}",
        "s_comps=" + "+".join(comps),
    ]
    for comp in comps:
        feats += ["s_comp=" + comp, f"s_lemma|comp={lemma}|{comp}", f"s_subj|comp={subj}|{comp}"]
    for child in tok.children:
        dep = child.dep_
        if dep == "ccomp":
            mark = next((g.lower_ for g in child.children if g.dep_ == "mark"), "-")
            feats.append("s_ccomp_mark=" + mark)
        elif dep == "prep":
            feats += ["s_prep=" + child.lower_, f"s_lemma|prep={lemma}|{child.lower_}"]
        elif dep == "dobj":
            feats.append("s_dobj=" + (child.ent_type_ or child.pos_))
        elif dep == "neg":
            feats.append("s_neg")
        elif dep == "aux" and child.tag_ == "MD":
            feats.append("s_modal=" + child.lower_)
        elif dep == "aux" and child.lower_ == "to":
            feats.append("s_to_inf")
        elif dep == "auxpass":
            feats.append("s_passive")
    if tok.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp"):
        feats += [f"s_head={tok.head.lemma_.lower()}|{tok.dep_}", f"s_head_lex={'speech' if lex.is_speech_verb(tok.head.lemma_.lower()) else 'cognition' if lex.is_cognition_verb(tok.head.lemma_.lower()) else 'none'}|{tok.dep_}"]
    span = max(1, sent_end - sent_start)
    feats.append(f"s_pos={min(2, 3 * (tok.i - sent_start) // span)}")
    if quoted_complement:
        feats += ["s_quoted_comp", f"s_quoted_comp|subj={subj.split(':')[0]}"]
    if in_quote:
        feats.append("s_in_quote")
    return feats


# ---- the keep model: which found relations the attribution view keeps (mode="all") ------------
# The cue and stance models judge a token; whether its relation is worth showing also depends on what
# the finder built from it. A relation raises PolNeAR's content F1 only when its content is exactly
# right more often than half that F1 (about 30%): relations from cues just under the thresholds with a
# quotation or a "that" clause as content clear it (35-45% on train, out of fold), noun-phrase
# contents of the same probability do not (12-27%).
def _probability_bin(p: float) -> str:
    return str(min(19, int(p * 20)))


def _length_bin(words: int) -> str:
    return "0" if words == 0 else "1-3" if words <= 3 else "4-8" if words <= 8 else "9-20" if words <= 20 else "21+"


def relation_features(model: str, p: float, lemma: str, pos: str, sourced: bool, base: str, kind: str, words: int, lex: CueLexicon) -> list[str]:
    """Named features of a found relation for the keep model: which token model admitted its cue
    and how sure it was (20 bins), the cue's lexicon class, part of speech and lemma, whether it has
    a source, how the content was found (``base``, e.g. "b=child:ccomp"), its quotation kind and
    length in words, and crosses of these."""
    b = _probability_bin(p)
    cls = "speech" if lex.is_speech_verb(lemma) else "cognition" if lex.is_cognition_verb(lemma) else "other"
    src = "src" if sourced else "nosrc"
    size = _length_bin(words)
    return [
        "t=" + model, f"t|p={model}|{b}", "lex=" + cls, f"lex|p={cls}|{b}", "pos=" + pos, "src=" + src,
        "base=" + base, "kind=" + kind, f"base|kind={base}|{kind}", f"t|base={model}|{base}", f"src|base={src}|{base}",
        "len=" + size, f"len|base={size}|{base}", "lemma=" + lemma, f"t|kind={model}|{kind}", f"lex|base={cls}|{base}",
    ]


# ---- how sure the rankers were (round 9) -------------------------------------------------------
# A relation's content is right when the content ranker picked the right candidate; how far its
# first choice stood ahead says how often that happens (PolNeAR dev: 28% of found relations are right
# with a margin under 0.5, 75% with a margin over 3), which the relation's shape alone does not tell.
# Read by the keep veto (``weights/keep_veto.json``, round 9): a keep model reading them alone raised
# dev content F1 only by dropping right cues; as a veto on the keep model's choice it drops only
# relations it gives under about one chance in ten.
TOP_CUTS = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0)  # the first content's score (tree log-odds)
MARGIN_CUTS = (0.25, 0.5, 1.0, 2.0, 4.0, 9.9)  # its margin over the runner-up (10: no rival)


def _cut_bin(value: float, cuts: tuple) -> str:
    return str(next((k for k, cut in enumerate(cuts) if value <= cut), len(cuts)))


def confidence_features(measures: dict) -> list[str]:
    """Named features of how sure the content ranker was about a found relation
    (``QuoteFinder.keep_measures``): the first content's score and its margin over the runner-up
    with other pieces (binned), the linear ranker's margin, and whether the linear and tree rankers
    put the same span first. (More measured on train, not kept: the number of candidates, where the
    runner-up lies, which rule chose the content, the source ranker's margin, the sentence and the
    other cues in it: docs/EVALUATION.md, round 9.)"""
    return [
        "k_top=" + _cut_bin(measures["top"], TOP_CUTS), "k_margin=" + _cut_bin(measures["margin"], MARGIN_CUTS),
        "k_lmargin=" + _cut_bin(measures["linear_margin"], MARGIN_CUTS), f"k_agree={measures['agree']}",
    ]
