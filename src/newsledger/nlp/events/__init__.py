"""The events component: PLOVER-coded event mentions (``newsledger_events``).

One module per piece, in the order a mention is built (see :mod:`.coder`):

* :mod:`.lexicon` - the PLOVER lexicon (``knowledge/plover.yaml``) and sense matching;
* :mod:`.coder` - the spaCy component: triggers, embedding, report-level modes;
* :mod:`.headlines` - title-case headlines coded on a sentence-case re-parse;
* :mod:`.speech` - acts done by saying them, inside reported speech;
* :mod:`.args` - who did it to whom;
* :mod:`.context` - modality, the event's own date and place;
* :mod:`.confidence` - the mention confidence behind the default view.

Importing the package registers the spaCy factory ``newsledger_events``.
"""

from newsledger.nlp.events.coder import EventCoder, make_events
from newsledger.nlp.events.lexicon import Lexicon, LexiconError, load_lexicon, parse_lexicon

__all__ = ["EventCoder", "Lexicon", "LexiconError", "load_lexicon", "make_events", "parse_lexicon"]
