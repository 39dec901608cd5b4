"""Cache entries are read back only if this user's cchc signed them, as that kind and under that name."""
from __future__ import annotations

from cchc_cli import check_cache, signed


def test_an_entry_reads_back_only_as_what_it_was_signed_as():
    entry = signed.seal("xlsx", "a1", b'{"x": 1}')
    assert entry is not None and signed.unseal("xlsx", "a1", entry) == b'{"x": 1}'
    assert signed.unseal("jinja", "a1", entry) is None  # another cache's entry
    assert signed.unseal("xlsx", "b2", entry) is None  # copied under another name
    assert signed.unseal("xlsx", "a1", entry.replace(b"1}", b"2}")) is None  # edited after signing
    assert signed.unseal("xlsx", "a1", entry.partition(b"\n")[2]) is None  # the signature left out
    assert signed.unseal("xlsx", "a1", b"") is None


def test_without_a_key_nothing_is_signed_or_read(monkeypatch):
    entry = signed.seal("kiem-tra", "k", b"{}")
    monkeypatch.setattr(check_cache, "signing_key", lambda: None)
    assert signed.seal("kiem-tra", "k", b"{}") is None
    assert signed.unseal("kiem-tra", "k", entry) is None


def test_the_suite_keeps_its_keys_and_caches_out_of_the_users_home():
    import os
    from pathlib import Path

    from cchc_cli import check_cache

    own = Path(os.environ["CCHC_TEST_CACHE_HOME"])
    assert check_cache.key_file().is_relative_to(own) and not own.is_relative_to(Path.home())


def test_read_json_gives_the_value_only_for_a_signed_json_body(tmp_path):
    good, text, foreign = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    good.write_bytes(signed.seal("bang", "a.json", '{"x": "Sở"}'.encode()))
    text.write_bytes(signed.seal("bang", "b.json", b"\xff not json"))
    foreign.write_bytes(signed.seal("xlsx", "c.json", b'{"x": 1}'))
    assert signed.read_json("bang", good) == {"x": "Sở"}
    assert signed.read_json("bang", text) is None  # signed, but neither UTF-8 nor JSON
    assert signed.read_json("bang", foreign) is None  # another cache's entry
    assert signed.read_json("bang", tmp_path / "missing.json") is None
    assert signed.read_json("xlsx", foreign, "other") is None  # read under another name
