"""English paragraphs stay left to right whatever names they hold; own-script fields do not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reports import bidi_levels, text_block, text_runs
from reports.text_runs import Run

ENGLISH = st.sampled_from(
    ["the", "officer", "met", "at", "port", "said", "he", "was", "brought", "by", "lorry", "on"]
)
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقکگلمنوهیپچژ"
HEBREW_LETTERS = "אבגדהוזחטיכלמנסעפצקרשת"
RTL_WORD = st.one_of(
    st.text(alphabet=ARABIC_LETTERS, min_size=2, max_size=7),
    st.text(alphabet=HEBREW_LETTERS, min_size=2, max_size=7),
)
RTL_NAME = st.lists(RTL_WORD, min_size=1, max_size=3).map(" ".join)


def visual_line(text: str, **kwargs: object) -> tuple[int, list[Run]]:
    prep = text_block.prepare(text, **kwargs)  # type: ignore[arg-type]
    runs, _ = text_block.line_runs(prep, 0, len(prep.text), 10.0)
    return prep.para, runs


def english_in_visual_order(runs: list[Run]) -> list[str]:
    return " ".join(str(run.text) for run in runs if not run.rtl).replace(".", " ").split()


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(ENGLISH, min_size=1, max_size=10),
    name=RTL_NAME,
    at=st.integers(min_value=0, max_value=10),
)
def test_an_rtl_name_anywhere_keeps_the_english_order_and_the_full_stop_last(
    words: list[str], name: str, at: int
) -> None:
    at = min(at, len(words))
    sentence = " ".join([*words[:at], name, *words[at:]]) + "."
    para, runs = visual_line(sentence)
    assert para == 0
    assert english_in_visual_order(runs) == words
    assert str(runs[-1].text).endswith(".") and not runs[-1].rtl
    # The name is drawn as one stretch: no English word lands between its parts.
    rtl_positions = [i for i, run in enumerate(runs) if run.rtl]
    assert rtl_positions == list(range(rtl_positions[0], rtl_positions[-1] + 1))


@settings(max_examples=100, deadline=None)
@given(name=RTL_NAME, age=st.integers(min_value=0, max_value=99))
def test_isolated_values_keep_labels_and_separators_in_place(name: str, age: int) -> None:
    text = f"1. Name: {text_runs.isolate(name)}; Age: {text_runs.isolate(str(age))}"
    para, runs = visual_line(text, keep_isolates=True)
    assert para == 0
    ltr = " ".join(str(run.text) for run in runs if not run.rtl)
    assert ltr.split() == ["1.", "Name:", ";", "Age:", str(age)]
    assert not runs[0].rtl and str(runs[0].text).startswith("1. Name:")


def test_a_paragraph_starting_with_a_persian_name_stays_left_to_right() -> None:
    para, runs = visual_line("رضا said he came from Herat, and was 16.")
    assert para == 0
    assert runs[0].rtl and not runs[-1].rtl
    assert str(runs[-1].text).endswith("was 16.")
    assert ", and" in "".join(str(r.text) for r in runs if not r.rtl)


def test_an_own_script_field_reads_right_to_left() -> None:
    para, runs = visual_line("احمد شاه (Ahmad) نوری", base=None)
    assert para == 1
    # Visual order of a right-to-left line: the last word leftmost, the Latin in between.
    assert runs[0].rtl and runs[0].actual.strip() == "نوری"
    assert runs[-1].rtl and runs[-1].actual.strip() == "احمد شاه"
    assert [str(r.text) for r in runs if not r.rtl] == ["Ahmad"]
    assert bidi_levels.levels("احمد", None)[0] == 1


def test_user_isolates_are_stripped_unless_the_document_made_them() -> None:
    hostile = "\u2068Ali\u2069 x"
    assert text_runs.clean_line(hostile) == "Ali x"
    assert (
        text_runs.clean_line(text_runs.isolate("a\u2067b"), keep_isolates=True) == "\u2068ab\u2069"
    )
