"""The search's held-out and strangers' questions are only scored: none of them is in the part
tuned on."""

from bench.search_quality import read_part, shared_questions


def test_no_held_out_question_is_in_the_development_part() -> None:
    assert read_part("dev") and read_part("heldout") and read_part("strangers")
    assert shared_questions() == 0
