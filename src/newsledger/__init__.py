"""newsledger: a ledger of what happened, who said it, and who independently reports it."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Model loading bars and warnings are noise on a CLI that prints its own progress.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

__version__ = "0.1.0"


def __getattr__(name):
    # Lazy: `import newsledger` must stay cheap for the CLI's --help.
    if name == "Ledger":
        from newsledger.ledger import Ledger

        return Ledger
    raise AttributeError(name)


__all__ = ["Ledger", "__version__"]
