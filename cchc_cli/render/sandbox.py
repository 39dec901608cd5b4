"""jinja2's SandboxedEnvironment, with its attribute verdicts remembered per (type, attribute).

Templates arrive through pull requests, so they stay sandboxed: every `obj.attr` a template
reads is still fetched and judged, and str.format/format_map values are still wrapped on every
access. Only the judging gets cheaper. jinja2 3.x's SandboxedEnvironment.is_safe_attribute(obj,
attr, value) answers from the attribute's spelling and from isinstance(obj, T) for a few built-in
types T (functions, methods, classes, code, frames, generators, coroutines); it never reads the
value. isinstance against a built-in type is decided by type(obj) alone unless the object can
lie about its class (a `__class__` property, or its own `__getattribute__`). So for classes that
cannot lie the verdict is a function of (type(obj), attr), computed once by the stock check and
then looked up; every other object is judged by the stock check on each access.
"""
from __future__ import annotations

import types
from functools import lru_cache
from typing import Any

from jinja2.runtime import Undefined
from jinja2.sandbox import SandboxedEnvironment

# Built-ins whose attribute lookup is the generic one and whose __class__ is object's; their
# dictionaries hold a '__getattribute__' slot wrapper all the same, so they are named here.
_GENERIC = frozenset({object, str, int, float, bool, complex, bytes, list, tuple, dict, set, frozenset,
                      type(None)})
_METHODS = (types.MethodType, types.BuiltinMethodType)  # what wrap_str_format looks at
# Only attribute names written in templates reach the table, so it stays small; a cap all the same.
MAX_VERDICTS = 4096


@lru_cache(maxsize=None)
def honest_class(cls: type) -> bool:
    """Whether isinstance(obj, T) for a built-in T is decided by cls for every instance obj of cls."""
    return all(k in _GENERIC or ("__class__" not in vars(k) and "__getattribute__" not in vars(k))
               for k in cls.__mro__)


class Sandbox(SandboxedEnvironment):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.verdicts: dict[type, dict[str, bool]] = {}  # type(obj) → attribute → safe
        self._remembered = 0
        # Only the stock check is known to ignore the value; a subclass's own check is asked every time.
        self._remember = type(self).is_safe_attribute is SandboxedEnvironment.is_safe_attribute

    def getattr(self, obj: Any, attribute: str) -> Any | Undefined:
        """SandboxedEnvironment.getattr, step for step, with the verdict looked up when known."""
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        if isinstance(value, _METHODS):
            fmt = self.wrap_str_format(value)
            if fmt is not None:
                return fmt
        cls = type(obj)
        known = self.verdicts.get(cls)
        safe = None if known is None else known.get(attribute)
        if safe is None:
            safe = self.is_safe_attribute(obj, attribute, value)
            if (self._remember and type(attribute) is str and self._remembered < MAX_VERDICTS
                    and honest_class(cls)):
                self.verdicts.setdefault(cls, {})[attribute] = safe
                self._remembered += 1
        if safe:
            return value
        return self.unsafe_undefined(obj, attribute)
