"""A minimal Language Server Protocol client for yaml-language-server (the server behind VS Code's
YAML extension): open a file with a repository's editor settings, read its diagnostics and hover.

Used by tests only when the server is installed (npm install yaml-language-server); found on PATH
or through CCHC_YAML_LS (the path of its `yaml-language-server` launcher).
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path


def server_command() -> list[str] | None:
    found = os.environ.get("CCHC_YAML_LS") or shutil.which("yaml-language-server")
    if not found or shutil.which("node") is None:
        return None
    return [found, "--stdio"]


class YamlLanguageServer:
    def __init__(self, root: Path, settings: dict):
        command = server_command()
        assert command, "yaml-language-server not installed"
        self.root = root
        self.settings = settings
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self._id = 0
        self._responses: dict[int, dict] = {}
        self._diagnostics: dict[str, list] = {}
        self._events: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
                                              "publishDiagnostics": {}},
                             "workspace": {"configuration": True}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": self._yaml_settings()}})

    def _yaml_settings(self) -> dict:
        prefix = "yaml."
        return {k[len(prefix):]: v for k, v in self.settings.items() if k.startswith(prefix)}

    # --- protocol ----------------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(stream.read(length))
            if "id" in message and "method" in message:   # a request from the server
                self._answer(message)
            elif "id" in message:
                self._responses[message["id"]] = message
                self._events.put(None)
            elif message.get("method") == "textDocument/publishDiagnostics":
                self._diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
                self._events.put(None)

    def _answer(self, message: dict) -> None:
        result: object = None
        if message["method"] == "workspace/configuration":
            result = [self._yaml_settings() if item.get("section") == "yaml" else None
                      for item in message["params"]["items"]]
        self._send({"id": message["id"], "result": result})

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 30) -> object:
        self._id += 1
        ident = self._id
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while ident not in self._responses:
            self._wait(deadline)
        return self._responses.pop(ident).get("result")

    def _wait(self, deadline: float) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("yaml-language-server did not answer")
        try:
            self._events.get(timeout=left)
        except queue.Empty:
            pass

    # --- what a test asks --------------------------------------------------------------------

    def open(self, path: Path) -> str:
        uri = path.resolve().as_uri()
        self._diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}})
        return uri

    def diagnostics(self, path: Path, settle: float = 1.5, timeout: float = 30) -> list[dict]:
        """The diagnostics of an opened file, once the server has stopped revising them."""
        uri = path.resolve().as_uri()
        deadline = time.monotonic() + timeout
        while uri not in self._diagnostics:
            self._wait(deadline)
        last = None
        while last != self._diagnostics[uri] and time.monotonic() < deadline:
            last = self._diagnostics[uri]
            time.sleep(settle)
        return self._diagnostics[uri]

    def hover(self, path: Path, line: int, character: int) -> str:
        result = self.request("textDocument/hover", {"textDocument": {"uri": path.resolve().as_uri()},
                                                     "position": {"line": line, "character": character}})
        if not result:
            return ""
        contents = result["contents"]
        if isinstance(contents, dict):
            return contents.get("value", "")
        if isinstance(contents, list):
            return "\n".join(c if isinstance(c, str) else c.get("value", "") for c in contents)
        return str(contents)

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=5)
            self.notify("exit", {})
        except (TimeoutError, BrokenPipeError, OSError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
