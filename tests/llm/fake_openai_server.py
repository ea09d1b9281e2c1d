"""A real OpenAI-compatible HTTP server for tests, scripted response by response.

It listens on a free loopback port and implements ``POST /v1/chat/completions`` and
``GET /v1/models``. Tests ``enqueue`` actions; each chat request takes the next one:

- ``{"json": {...}}`` / ``{"content": "text"}``: a 200 completion with that message content
- ``{"respond": fn}``: ``fn(request_json) -> action`` (e.g. echo what the prompt contained)
- ``{"status": 429, "headers": {"Retry-After": "0"}}``: an error response (any status)
- ``{"hang": 5}``: accept, then say nothing for 5 s (past the client's timeout)
- ``{"trickle": 5}``: send the status line and headers one byte at a time, slowly
- ``{"drop": True}``: close the connection without a response
- ``{"raw": b"..."}``: write these bytes as the whole HTTP response
- ``{"reject_response_format": "json_schema"}``: 400 if the request asks for that mode, else
  the next action is used for a retry (models endpoints that lack JSON schema support)

When the queue is empty, ``default`` (an action) answers. Every request is recorded in
``requests`` (method, path, JSON body); ``usage`` counts tokens with a crude word/punctuation
estimate so tests can compare prompt sizes.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_TOKEN = re.compile(r"\w+|[^\w\s]")


def estimate_tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


class FakeOpenAI:
    def __init__(self, model: str = "fake-model") -> None:
        self.model = model
        self.queue: deque[dict[str, Any]] = deque()
        self.requests: list[dict[str, Any]] = []
        self.default: dict[str, Any] = {"status": 500, "body": {"error": {"message": "no script"}}}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                fake._record(self, None)
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"object": "list", "data": [
                        {"id": fake.model, "object": "model", "created": 0, "owned_by": "test"}]})
                else:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                fake._record(self, body)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                fake._serve(self, body)

            def _send(
                self, status: int, payload: Any, headers: dict[str, str] | None = None
            ) -> None:
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- scripting ------------------------------------------------------------------
    def enqueue(self, actions: list[dict[str, Any]]) -> None:
        with self._lock:
            self.queue.extend(actions)

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests if r["method"] == "POST"]

    def prompt_text(self, index: int = -1) -> str:
        """All message contents of one recorded chat request, joined."""
        body = self.chat_requests[index]
        return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))

    # --- serving --------------------------------------------------------------------
    def _record(self, handler: BaseHTTPRequestHandler, body: Any) -> None:
        with self._lock:
            self.requests.append({"method": handler.command, "path": handler.path, "body": body,
                                  "headers": dict(handler.headers)})

    def _next(self) -> dict[str, Any]:
        with self._lock:
            return self.queue.popleft() if self.queue else dict(self.default)

    def _serve(self, h: Any, body: dict[str, Any]) -> None:
        action = self._next()
        while "respond" in action:
            action = action["respond"](body)
        if "reject_response_format" in action:
            asked = (body.get("response_format") or {}).get("type")
            if asked == action["reject_response_format"]:
                h._send(400, {"error": {"message": f"response_format {asked} is not supported"}})
                return
            action = self._next()
        if action.get("drop"):
            h.connection.shutdown(socket.SHUT_RDWR)
            h.close_connection = True
            return
        if "hang" in action:
            self._stop.wait(float(action["hang"]))
            h.close_connection = True
            return
        if "trickle" in action:
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: "
            deadline = time.monotonic() + float(action["trickle"])
            try:
                h.wfile.write(head)
                while time.monotonic() < deadline and not self._stop.is_set():
                    h.wfile.write(b"a")
                    h.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            h.close_connection = True
            return
        if "raw" in action:
            h.wfile.write(action["raw"])
            h.close_connection = True
            return
        if "status" in action:
            h._send(int(action["status"]), action.get("body", {"error": {"message": "scripted"}}),
                    action.get("headers"))
            return
        content = action["content"] if "content" in action else json.dumps(action["json"])
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        usage = {"prompt_tokens": estimate_tokens(prompt),
                 "completion_tokens": estimate_tokens(content)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        h._send(200, {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": action.get("model", self.model),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": usage,
        })

    # --- lifecycle ------------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


# --- a scripted "good model": answers from the DATA block, for end-to-end runs ---------------
_DATA = re.compile(r"<<<DATA (\w+)>>>\n(.*)\n<<<END DATA \1>>>", re.S)
_FOCUS_QUESTIONS = {
    "delivery": ["What is getting in the way of your best work right now?",
                 "Where would more clarity from me help?"],
    "development": ["What would you like to learn or grow into this year?",
                    "Which kind of work gives you energy lately?"],
    "wellbeing": ["How is your energy these days, honestly?",
                  "What would make your week feel more sustainable?"],
    "context": ["What would you like to understand better about where the team is heading?",
                "Which recent change has been least clear to you?"],
    "feedback": ["What is one thing I could do differently to support you?",
                 "What feedback would be most useful for you right now?"],
}


def data_of(body: dict[str, Any]) -> dict[str, Any] | None:
    prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
    m = _DATA.search(prompt)
    return json.loads(m.group(2)) if m else None


def grounded_responder(body: dict[str, Any]) -> dict[str, Any]:
    """A well-behaved model: valid JSON that cites only what the DATA block holds."""
    data = data_of(body)
    if data is None:  # e.g. an eval judge prompt
        return {"json": {"verdict": "pass", "reason": "scripted fake judge"}}
    if "note_lines" in data:
        lines = data["note_lines"][:2]
        text = "From your notes: " + " ".join(
            f"{x['person']} ({x['date']}): {x['line']}." for x in lines)
        return {"json": {"answer": text, "cites": [x["ref"] for x in lines]}}
    if "points" in data:
        return {"json": {
            "key_points": [{"ref": p["ref"], "text": p["text"]} for p in data["points"]],
            "suggestion": ("Next time, open with how they are doing before any work."
                           if data.get("audience") == "manager" else None)}}
    ctx = data.get("check_in_context") or {}
    if ctx.get("thread"):
        check_in = {"question": f"How are you doing with {ctx.get('phrase') or 'things'} lately?",
                    "why": f"Your notes of {ctx['date']} mention it.",
                    "cites": [ctx["thread"], ctx["note"]]}
    else:
        check_in = {"question": "How are you doing these days, really?",
                    "why": "Open with the person before any work.", "cites": []}
    area = data.get("focus_area", "development")
    reasons = data.get("focus_reasons") or [f"It is time to lean towards {area}."]
    meta = None
    if data.get("meta_question_due"):
        meta = {"question": "What would make these 1:1s more useful for you?",
                "why": "A good moment to reflect on the 1:1s themselves.", "cites": []}
    return {"json": {
        "check_in": check_in,
        "agenda_invite": "What would you like to put on the agenda first today?",
        "focus": {"why": reasons[0], "questions": _FOCUS_QUESTIONS.get(
            area, _FOCUS_QUESTIONS["development"]), "cites": []},
        "meta_question": meta,
    }}


def main() -> None:
    """Serve the grounded responder until interrupted: ``python fake_openai_server.py``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="fake-model")
    args = parser.parse_args()
    fake = FakeOpenAI(args.model)
    fake.default = {"respond": grounded_responder}
    fake.start()
    print(fake.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
