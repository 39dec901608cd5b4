"""The template sandbox remembers its attribute verdicts (render/sandbox.py) and still refuses
everything jinja2's stock sandbox refuses, whether the table of verdicts is empty or full."""
from __future__ import annotations

import random
import sys
import types

import pytest
from jinja2 import StrictUndefined, Undefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment, unsafe
from markupsafe import Markup

from cchc_cli.model import Item, Plan
from cchc_cli.render.appendix import Cell, Run
from cchc_cli.render.escape import Markdown
from cchc_cli.render.sandbox import Sandbox, honest_class
from cchc_cli.render.templates import md_env, xml_env


class Data:
    """Plan-like data whose attribute names are also names the sandbox guards on other types."""

    def __init__(self) -> None:
        self.text = "a"
        self.mro = "not a method here"
        self.gi_frame = "nor a frame"
        self._private = "hidden"
        self.format = "{0.__class__}".format


class Shifty:
    """Claims to be a class (isinstance(obj, type) is then True) when told to: not honest."""

    def __init__(self, lie: bool) -> None:
        self.lie = lie
        self.mro = "x"

    @property
    def __class__(self):  # noqa: PLE0202 (the lie is the point)
        return type if self.lie else Shifty


def _gen():
    yield 1


@unsafe
def _unsafe_fn():
    return "ran"


def _alters():
    return "ran"


_alters.alters_data = True


def _objects() -> list[object]:
    frame = sys._getframe()
    return [Data(), Shifty(False), Shifty(True), Run("t", True), Cell(), "chuỗi", Markup("<b>"), Markdown("*x*"),
            3, 2.5, True, None, [1], (1,), {"a": 1}, _gen(), _gen, _unsafe_fn, Data().__init__, str, Data, frame,
            frame.f_code, types, "x".upper]


ATTRS = ["text", "mro", "gi_frame", "gi_code", "_private", "__class__", "__init__", "__globals__", "__subclasses__",
         "format", "format_map", "upper", "f_locals", "co_code", "lie", "bold", "width", "append", "keys",
         "__mro__", "func_globals", "__self__", "__func__", "os", "sys"]


def _outcome(env: SandboxedEnvironment, obj: object, attr: str) -> tuple:
    r = env.getattr(obj, attr)
    if isinstance(r, Undefined):
        try:
            str(r)
        except Exception as exc:  # noqa: BLE001 — the kind of refusal is what is compared
            return ("refused", type(exc).__name__, str(exc))
        return ("undefined",)
    if callable(r) and getattr(r, "__wrapped__", None) is not None:
        return ("format wrapped", r.__name__)
    return ("value", type(r).__name__, repr(r) if not callable(r) else "")


def _fresh() -> list[Sandbox]:
    return [Sandbox(undefined=StrictUndefined), Sandbox()]


@pytest.mark.parametrize("seed", range(5))
def test_every_verdict_is_the_stock_sandboxs_cold_and_warm(seed):
    """Each (object, attribute) pair, in a shuffled order, three times over (cold, then warm):
    our sandbox answers exactly as jinja2's own, refusals included."""
    pairs = [(o, a) for o in _objects() for a in ATTRS]
    for ours, stock in zip(_fresh(), [SandboxedEnvironment(undefined=StrictUndefined), SandboxedEnvironment()]):
        for round_ in range(3):
            random.Random(f"{seed}-{round_}").shuffle(pairs)
            for obj, attr in pairs:
                assert _outcome(ours, obj, attr) == _outcome(stock, obj, attr), (obj, attr, round_)
        assert ours.verdicts  # the table was used: the warm rounds read it


def test_a_verdict_for_one_type_is_not_lent_to_another():
    """`mro` is data on Data but the method on a class; `gi_frame` is data on Data but a frame on a
    generator: warming the table with the allowed reading does not allow the other."""
    env = Sandbox(undefined=StrictUndefined)
    assert env.getattr(Data(), "mro") == "not a method here"
    assert env.getattr(Data(), "gi_frame") == "nor a frame"
    assert env.verdicts[Data]["mro"] is True
    for obj, attr in ((str, "mro"), (Data, "mro"), (_gen(), "gi_frame")):
        with pytest.raises(SecurityError):
            str(env.getattr(obj, attr))


def test_an_object_that_lies_about_its_class_is_judged_every_time():
    env = Sandbox(undefined=StrictUndefined)
    assert not honest_class(Shifty)
    assert env.getattr(Shifty(False), "mro") == "x"
    with pytest.raises(SecurityError):
        str(env.getattr(Shifty(True), "mro"))  # what the stock sandbox says too: it believes the lie
    assert Shifty not in env.verdicts


def test_model_and_grid_classes_are_honest():
    for cls in (Plan, Item, Run, Cell, str, Markup, Markdown, int, list, dict, type(None)):
        assert honest_class(cls), cls
    for cls in (type, types.MethodType, types.ModuleType, Shifty):
        assert not honest_class(cls), cls


ATTACKS = [
    "{{ obj.__class__ }}",
    "{{ obj.__class__.__mro__ }}",
    "{{ cls.mro() }}",
    "{{ obj._private }}",
    "{{ '{0.__class__}'.format(obj) }}",
    "{{ '{0._private}'.format(obj) }}",
    "{{ '{x.__class__}'.format_map({'x': obj}) }}",
    "{{ obj.format(1) }}",
    "{{ gen.gi_frame }}",
    "{{ fn() }}",
    "{{ alters() }}",
    "{{ obj.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ range.__globals__ }}",
]


@pytest.mark.parametrize("make", [lambda: md_env(), lambda: xml_env(), lambda: Sandbox(undefined=StrictUndefined)],
                         ids=["md_env", "xml_env", "fresh"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_templates_are_refused_what_the_stock_sandbox_refuses(make, attack):
    env = make()
    stock = SandboxedEnvironment(undefined=StrictUndefined)
    ctx = dict(obj=Data(), cls=Data, gen=_gen(), fn=_unsafe_fn, alters=_alters)
    with pytest.raises(SecurityError):
        stock.from_string(attack).render(**ctx)
    env.verdicts.clear()
    for _ in range(2):  # cold, then warm
        with pytest.raises(SecurityError):
            env.from_string(attack).render(**ctx)
    # the same template reading only what is allowed still renders, with the table warm
    assert env.from_string("{{ obj.text }}{{ obj.mro }}").render(**ctx) == "anot a method here"


def test_a_subclass_with_its_own_check_is_asked_every_time():
    class Strict(Sandbox):
        def is_safe_attribute(self, obj, attr, value):
            return super().is_safe_attribute(obj, attr, value) and value != "hidden value"

    env = Strict(undefined=StrictUndefined)
    a, b = Data(), Data()
    b.text = "hidden value"
    assert env.getattr(a, "text") == "a"
    with pytest.raises(SecurityError):
        str(env.getattr(b, "text"))
    assert not env.verdicts


def test_the_stock_check_still_ignores_the_value():
    """The table rests on jinja2's is_safe_attribute not reading `value` (true of 3.1.x, read in
    jinja2/sandbox.py). Should an upgrade start reading it, this fails before a verdict is wrongly kept."""
    import ast
    import inspect
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(SandboxedEnvironment.is_safe_attribute)))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    assert "value" not in names and "is_internal_attribute" in names
    tree = ast.parse(textwrap.dedent(inspect.getsource(sys.modules["jinja2.sandbox"].is_internal_attribute)))
    reads = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    assert reads <= {"isinstance", "obj", "attr", "types", "hasattr", "t", "str", "bool", "type", "UNSAFE_FUNCTION_ATTRIBUTES",
                     "UNSAFE_METHOD_ATTRIBUTES", "UNSAFE_GENERATOR_ATTRIBUTES", "UNSAFE_COROUTINE_ATTRIBUTES",
                     "UNSAFE_ASYNC_GENERATOR_ATTRIBUTES"}, reads
