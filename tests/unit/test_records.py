"""@record behaves as @dataclass(frozen=True) does."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from planforge.records import record


@dataclass(frozen=True)
class DPoint:
    x: int
    y: float = 0.0
    tag: str = field(default="", compare=False)
    cache: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    items: tuple[object, ...] = ()


@record
class RPoint:
    """A point."""

    x: int
    y: float = 0.0
    tag: str = field(default="", compare=False)
    cache: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    items: tuple[object, ...] = ()


NAN = float("nan")
ARGS = [(1,), (1, 2.5), (1, 2.5, "a"), (1, NAN), (2, 0.0, "b", {"k": 1}, (1, "x"))]


@pytest.mark.parametrize("a", ARGS)
@pytest.mark.parametrize("b", ARGS)
def test_equality_and_hash_match_dataclass(a: tuple[object, ...], b: tuple[object, ...]) -> None:
    d1, d2 = DPoint(*a), DPoint(*b)  # type: ignore[arg-type]
    r1, r2 = RPoint(*a), RPoint(*b)  # type: ignore[arg-type]
    assert (r1 == r2) == (d1 == d2)
    assert (r1 != r2) == (d1 != d2)
    assert (r1 == r1) == (d1 == d1)
    assert hash(r1) == hash(d1)
    assert repr(r1) == repr(d1).replace("DPoint", "RPoint")


def test_other_types_are_not_equal() -> None:
    assert RPoint(1) != DPoint(1)
    assert RPoint(1) != (1, 0.0, (), ())
    assert RPoint(1).__eq__(1) is NotImplemented


def test_frozen_and_dataclass_helpers() -> None:
    p = RPoint(1, tag="t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del p.x  # type: ignore[misc]
    assert dataclasses.replace(p, x=3) == RPoint(3)
    assert [f.name for f in dataclasses.fields(p)] == ["x", "y", "tag", "cache", "items"]
    assert dataclasses.asdict(p)["tag"] == "t"
    assert RPoint.__match_args__ == DPoint.__match_args__


def test_recursive_repr() -> None:
    box: list[object] = []
    p = RPoint(1, items=(box,))
    box.append(p)
    dbox: list[object] = []
    d = DPoint(1, items=(dbox,))
    dbox.append(d)
    assert (
        repr(p)
        == repr(d).replace("DPoint", "RPoint")
        == "RPoint(x=1, y=0.0, tag='', items=([...],))"
    )


def test_refuses_classes_with_their_own_methods() -> None:
    with pytest.raises(TypeError):

        @record
        class Odd:
            """Defines its own equality."""

            x: int

            def __eq__(self, other: object) -> bool:
                return True


def test_init_takes_arguments_as_the_dataclass_does() -> None:
    assert RPoint(1, 2.0, "t") == RPoint(x=1, y=2.0, tag="t") == RPoint(1, tag="t", y=2.0)
    assert RPoint(1).cache == {} and RPoint(1).cache is not RPoint(1).cache
    assert vars(RPoint(1, 2.0)) == vars(DPoint(1, 2.0))
    for args, kwargs in [
        ((), {}),
        ((), {"y": 1.0}),
        ((), {"x": 1, "z": 0}),
        ((1, 2.0, "", {}, (), 5), {}),
        ((1,), {"x": 2}),
        ((1,), {"z": 0}),
    ]:
        with pytest.raises(TypeError):
            DPoint(*args, **kwargs)
        with pytest.raises(TypeError):
            RPoint(*args, **kwargs)


def test_no_attribute_can_be_added() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        RPoint(1).other = 2  # type: ignore[attr-defined]


def test_needs_a_docstring() -> None:
    with pytest.raises(TypeError):

        @record
        class Bare:
            x: int
