"""``@record``: a frozen dataclass whose methods are shared, not compiled per class.

Why: ``@dataclass(frozen=True)`` compiles six methods from source text for every class,
about 1.5 ms a class in CPython 3.11; the model alone has twenty-odd classes and every
command imports it. ``@record`` lets :mod:`dataclasses` collect the fields (so
``dataclasses.fields``, ``replace``, ``asdict`` and ``__match_args__`` work as usual) and
installs one shared implementation of ``__init__``, ``__eq__``, ``__hash__``, ``__repr__``,
``__setattr__`` and ``__delattr__`` that behaves as the generated ones do: positional or
keyword arguments with defaults and ``default_factory``; equality and hashing over the
fields that take part (``field(compare=False)``, ``field(hash=False)``); ``Name(a=1, …)`` as
repr; ``FrozenInstanceError`` on assignment. Creating an instance costs a few microseconds
more, which a plan's few hundred nodes do not notice.

Not supported (refused at class creation): ``__post_init__``, ``InitVar``, keyword-only
and ``init=False`` fields, and classes defining the methods ``@record`` provides.
"""

from __future__ import annotations

import dataclasses
import reprlib
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

_MISSING = dataclasses.MISSING
# Per class: (field names in order, defaults by name as (value, is_factory)), the fields
# compared, hashed and shown, and the class itself (subclasses may add attributes).
_INIT = "__record_init__"
_COMPARED = "__record_compared__"
_HASHED = "__record_hashed__"
_SHOWN = "__record_shown__"
_OWNER = "__record_owner__"
_PROVIDED = ("__init__", "__eq__", "__hash__", "__repr__", "__setattr__", "__delattr__")


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    names, defaults = getattr(self, _INIT)
    if not args:  # the common call, all by keyword
        setter = object.__setattr__
        used = 0
        for name in names:
            value = kwargs.get(name, _MISSING)
            if value is not _MISSING:
                used += 1
            elif name in defaults:
                value, factory = defaults[name]
                if factory:
                    value = value()
            else:
                raise TypeError(f"{type(self).__name__}.__init__() missing argument {name!r}")
            setter(self, name, value)
        if used != len(kwargs):
            unknown = sorted(set(kwargs) - set(names))
            raise TypeError(f"{type(self).__name__}.__init__() got unexpected arguments {unknown}")
        return
    if len(args) > len(names):
        raise TypeError(
            f"{type(self).__name__}.__init__() takes {len(names) + 1} positional arguments"
            f" but {len(args) + 1} were given"
        )
    setter = object.__setattr__
    for name, value in zip(names, args, strict=False):
        if name in kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got multiple values for {name!r}")
        setter(self, name, value)
    used = 0
    for name in names[len(args) :]:
        if name in kwargs:
            setter(self, name, kwargs[name])
            used += 1
        elif name in defaults:
            value, factory = defaults[name]
            setter(self, name, value() if factory else value)
        else:
            raise TypeError(f"{type(self).__name__}.__init__() missing argument {name!r}")
    if used != len(kwargs):
        unknown = sorted(set(kwargs) - set(names))
        raise TypeError(f"{type(self).__name__}.__init__() got unexpected arguments {unknown}")


def _setattr(self: Any, name: str, value: Any) -> None:
    if type(self) is getattr(self, _OWNER) or name in getattr(self, _INIT)[0]:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _delattr(self: Any, name: str) -> None:
    if type(self) is getattr(self, _OWNER) or name in getattr(self, _INIT)[0]:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = getattr(self, _COMPARED)
    return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, n) for n in getattr(self, _HASHED)))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in getattr(self, _SHOWN))
    return f"{self.__class__.__qualname__}({shown})"


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen dataclass with shared methods (see the module docstring)."""
    for name in (*_PROVIDED, "__post_init__"):
        if name in cls.__dict__:
            raise TypeError(f"@record cannot make {cls.__name__}: it defines {name}")
    if not cls.__doc__:
        raise TypeError(f"@record needs a docstring on {cls.__name__}")  # else dataclasses
        # builds one from the signature, which is slow and would show (*args, **kwargs)
    made: type[T] = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    for f in fields:
        if not f.init or f.kw_only:
            raise TypeError(f"@record does not support init=False or kw_only ({f.name})")
    defaults = {f.name: (f.default, False) for f in fields if f.default is not _MISSING}
    defaults.update(
        {f.name: (f.default_factory, True) for f in fields if f.default_factory is not _MISSING}
    )
    setattr(made, _INIT, (tuple(f.name for f in fields), defaults))
    setattr(made, _COMPARED, tuple(f.name for f in fields if f.compare))
    setattr(made, _HASHED, tuple(f.name for f in fields if _hashed(f)))
    setattr(made, _SHOWN, tuple(f.name for f in fields if f.repr))
    setattr(made, _OWNER, made)
    for name, method in zip(_PROVIDED, (_init, _eq, _hash, _repr, _setattr, _delattr), strict=True):
        setattr(made, name, method)
    return made


def _hashed(f: dataclasses.Field[Any]) -> bool:
    # As dataclasses decide: hash=None means "as compare".
    return f.compare if f.hash is None else f.hash
