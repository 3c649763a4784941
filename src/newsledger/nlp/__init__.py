"""The analysis stage: one spaCy pipeline of components (actors -> times -> quotes -> events).

Components live in their own packages (:mod:`.actors`, :mod:`.events`); text
helpers more than one of them needs are in :mod:`.text`, and every knowledge
file is read by :func:`newsledger.nlp.kb.read_knowledge`.

The event modules moved into :mod:`.events` (issue 13). Their old paths
(``newsledger.nlp.event_context`` and the rest) still import, as the same
module objects, so callers in other stages and branches keep working; new
code should use the new paths.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

MOVED_MODULES = {
    "newsledger.nlp.event_args": "newsledger.nlp.events.args",
    "newsledger.nlp.event_confidence": "newsledger.nlp.events.confidence",
    "newsledger.nlp.event_context": "newsledger.nlp.events.context",
    "newsledger.nlp.event_headlines": "newsledger.nlp.events.headlines",
    "newsledger.nlp.event_lexicon": "newsledger.nlp.events.lexicon",
    "newsledger.nlp.event_speech": "newsledger.nlp.events.speech",
    "newsledger.nlp.actors.datelines": "newsledger.nlp.text",
}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports an old module path as the module it moved to (one object under both names)."""

    def find_spec(self, fullname, path=None, target=None):
        return importlib.util.spec_from_loader(fullname, self) if fullname in MOVED_MODULES else None

    def create_module(self, spec):
        return importlib.import_module(MOVED_MODULES[spec.name])

    def exec_module(self, module) -> None:
        """Nothing to run: the module it moved to is already imported."""


if not any(isinstance(f, _MovedModules) for f in sys.meta_path):
    sys.meta_path.append(_MovedModules())
