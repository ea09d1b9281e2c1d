"""The MiniLM (ONNX) vectors the fitted decisions may read (coach/rules/semantic.py): the same
text gives the same vector whatever it is batched with, memoized or not."""

from __future__ import annotations

import numpy as np

from coach.rules import semantic


def test_same_text_same_vector_across_calls_and_batches() -> None:
    text = "Ravi will swap the loading bay rota with the night crew"
    semantic._memo.clear()
    alone = semantic.vector(text).copy()
    semantic._memo.clear()
    batched = semantic.vectors(["the kiln is down again", text,
                                "a much longer line about the glaze order, the supplier and "
                                "the invoice that never arrived, chased twice"])[1].copy()
    semantic._memo.clear()
    reordered = semantic.vectors([text, "ok"])[0].copy()
    again = semantic.vector(text)  # from the memo
    assert np.array_equal(alone, batched)
    assert np.array_equal(alone, reordered)
    assert np.array_equal(alone, again)
    assert abs(float(np.linalg.norm(alone)) - 1.0) < 1e-5
    # whitespace runs do not make another text; a near miss in words does
    assert np.array_equal(semantic.vector("Ravi will  swap the loading bay rota with the "
                                          "night crew"), alone)
    assert not np.array_equal(semantic.vector("Ravi will swap the loading bay rota"), alone)


def test_meaning_is_closer_than_unrelated_words() -> None:
    done = semantic.cosine("order new harnesses for the roofers",
                           "the roofers have their new harnesses")
    other = semantic.cosine("order new harnesses for the roofers",
                            "she's moving house next month")
    assert done > other
