"""``wirecoder.incidents`` is :mod:`wirecoder.store.incidents` under its older name: the same
module object (so setting an attribute here sets it there)."""
import sys

from wirecoder.store import incidents as _module

sys.modules[__name__] = _module
