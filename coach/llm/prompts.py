"""Prompt templates: Jinja2 files, one per job (brief, ask, summary, judge).

The built-in templates live in ``coach/prompts/``; ``settings.prompts_dir`` swaps in a folder
of your own (a name missing there falls back to the built-in file). A template has two blocks,
``system`` and ``user``, rendered into chat messages as langchain-core messages. Its version is
a hash of its text, so editing a prompt invalidates cached answers and every output can say
which prompt wrote it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from coach.errors import BadInput

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "prompts"
_TOKEN = re.compile(r"\w+|[^\w\s]")


def estimate_tokens(text: str) -> int:
    """A tokenizer-free token estimate (words and punctuation marks); ~1.3x BPE for English."""
    return len(_TOKEN.findall(text))


def data_block(data: Any, nonce: str) -> str:
    """Data for the model between unguessable delimiters, as JSON (so note text cannot close
    the block or pose as a message: quotes and newlines are escaped)."""
    payload = json.dumps(data, ensure_ascii=False, default=str)
    payload = payload.replace(nonce, "")  # cannot occur, but never let data carry the marker
    return f"<<<DATA {nonce}>>>\n{payload}\n<<<END DATA {nonce}>>>"


@dataclass(frozen=True)
class Prompt:
    name: str
    text: str
    path: Path

    @property
    def version(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:12]

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def messages(self, **values: Any) -> list[dict[str, str]]:
        """Render the ``system`` and ``user`` blocks into chat messages."""
        env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                   keep_trailing_newline=False)
        env.filters["tojson"] = lambda v: json.dumps(v, ensure_ascii=False, default=str)
        try:
            template = env.from_string(self.text)
            ctx = template.new_context(values)
            out = []
            for role in ("system", "user"):
                if role not in template.blocks:
                    raise BadInput(f"prompt template has no {{% block {role} %}}",
                                   where=str(self.path))
                text = "".join(template.blocks[role](ctx)).strip()
                out.append({"role": role, "content": text})
        except TemplateError as exc:
            raise BadInput(f"prompt template error: {exc}", where=str(self.path)) from None
        return out

    def runnable(self) -> Any:
        """This prompt as a langchain-core runnable: values dict -> chat messages."""
        from langchain_core.runnables import RunnableLambda

        return RunnableLambda(lambda values: self.messages(**values), name=f"prompt:{self.label}")


class PromptLibrary:
    def __init__(self, folder: Path | None = None):
        self.folder = folder

    def get(self, name: str) -> Prompt:
        candidates = ([self.folder / f"{name}.j2"] if self.folder else []) + [
            BUILTIN_DIR / f"{name}.j2"]
        if self.folder is not None and not self.folder.is_dir():
            raise BadInput("prompts folder does not exist", where=str(self.folder))
        for path in candidates:
            if path.is_file():
                return Prompt(name=name, text=path.read_text(encoding="utf-8"), path=path)
        raise BadInput(f"no prompt template {name}.j2", where=str(self.folder or BUILTIN_DIR))
