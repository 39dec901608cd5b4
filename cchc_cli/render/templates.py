"""Jinja environments for templates/: Markdown templates escape plan text for Markdown,
OpenXML templates escape it for XML. Both are sandboxed and strict: a template can
read the model but not call into Python, and a missing variable is an error.
Plan text is only ever passed *as data*; it is never compiled as a template.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from cchc_cli.compose import safe_load
from cchc_cli.render.bytecode import cache_for
from cchc_cli.render.escape import Markdown, md_escape
from cchc_cli.render.sandbox import Sandbox
from cchc_cli.schema_store import TEMPLATES  # noqa: F401  (where the other modules find it)


def _xml_lines(text: object) -> Markup:
    """Plain text → XML runs' text, a <w:br/> for each newline."""
    s = str(text)
    if "\n" not in s:
        return escape(s)  # what the join below makes of a single line, without building it
    parts = [escape(line) for line in s.split("\n")]
    return Markup('</w:t><w:br/><w:t xml:space="preserve">').join(parts)


@lru_cache(maxsize=None)
def labels(folder: Path = TEMPLATES) -> dict:
    return safe_load((folder / "nhan.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def xml_env(folder: Path = TEMPLATES) -> Sandbox:
    options = dict(undefined=StrictUndefined, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env = Sandbox(loader=FileSystemLoader(folder / "openxml"), bytecode_cache=cache_for("xml", options),
                  **options)
    env.filters["lines"] = _xml_lines
    return env


@lru_cache(maxsize=None)
def md_env(folder: Path = TEMPLATES) -> Sandbox:
    options = dict(undefined=StrictUndefined, finalize=md_escape, autoescape=False, trim_blocks=True,
                   lstrip_blocks=True, keep_trailing_newline=True)
    env = Sandbox(loader=FileSystemLoader(folder), bytecode_cache=cache_for("md", options), **options)
    env.filters["markdown"] = lambda text: Markdown(text or "")
    return env


def render_xml(name: str, nonce: str, folder: Path = TEMPLATES, **context: object) -> Markdown:
    """Render an OpenXML partial and wrap it as a Pandoc raw block carrying our nonce.

    The Lua filter keeps only raw blocks that carry the nonce, so raw XML/HTML
    written inside a plan's Markdown fields is shown as text, never injected.
    """
    return raw_block(xml_body(name, folder, **context), nonce)


def xml_body(name: str, folder: Path = TEMPLATES, **context: object) -> str:
    return xml_env(folder).get_template(name).render(**context).strip()


def raw_block(body: str, nonce: str) -> Markdown:
    return Markdown(f"\n```{{=openxml}}\n<!--{nonce}-->{body}\n```\n")
