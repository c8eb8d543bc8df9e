"""Whole PDFs: every name embedded and readable, furniture on every page, nothing on disk."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from reports import fonts, text_runs
from reports.flow import NOT_ANSWERED, labelled_answer, user_text
from reports.page import AUTHOR, WATERMARK, build_pdf
from tests.reports import pdf_probe

HASH = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
# Scripts whose text layer reads back in logical order as typed.
EXTRACTS_AS_TYPED = ("Latin", "Cyrillic", "Ethiopic", "Han")


def build(story: list[Flowable], *, training: bool = False) -> bytes:
    return build_pdf(
        story,
        title="Referral pack",
        case_reference="FC-2025-0042",
        record_hash=HASH,
        training=training,
    )


def test_every_fixture_name_prints_embedded_and_readable(people: list[dict[str, object]]) -> None:
    assert len(people) >= 12
    for person in people:
        native, latin, script = (str(person[k]) for k in ("name_native", "name_latin", "script"))
        pdf = build(
            [
                labelled_answer("Name as written", native),
                *user_text(f"Name: {native}"),
                labelled_answer("Name in Latin letters", latin),
            ]
        )
        who = person["id"]
        reader = pdf_probe.reader(pdf)
        assert len(reader.pages) == 1, who
        used = pdf_probe.page_fonts(pdf)
        assert used, who
        for base_name, font in used.items():
            assert pdf_probe.embedded_file(font), f"{who}: {base_name} not embedded"
        text = pdf_probe.body_text(pdf)
        assert latin in text, who
        if script.startswith(EXTRACTS_AS_TYPED):
            assert unicodedata.normalize("NFC", native) in text, who
        elif script.startswith("Arabic"):
            # The text layer holds the shaped presentation forms; pypdf reorders them logically.
            assert pdf_probe.arabic_fold(native) in pdf_probe.arabic_fold(text), who
            assert any("NotoNaskhArabic" in name for name in used), who
        else:
            pytest.fail(f"{who}: no extraction rule for script {script!r}")


def test_markup_and_bidi_controls_print_literally() -> None:
    hostile = "<b>x</b> & <font size=40> &amp; <para/> \u202eLIA\u202c done"
    pdf = build([labelled_answer("Name <i>", hostile), *user_text(hostile)])
    text = pdf_probe.body_text(pdf)
    assert "Name <i>" in text
    assert text.count("<b>x</b> & <font size=40> &amp; <para/> LIA done") == 2
    # Text escaped for documents that use reportlab Paragraphs also prints literally.
    style = ParagraphStyle("t", fontName=fonts.SANS, fontSize=10)
    fonts.ensure_registered()
    pdf = build([Paragraph(text_runs.escape_markup(hostile), style)])
    assert "<b>x</b> & <font size=40> &amp; <para/>" in pdf_probe.body_text(pdf)


def long_mixed_text(length: int = 15_000) -> str:
    words = [
        "Nguyễn",
        "Văn",
        "Đức",
        "Олена",
        "Ковальенко",
        "ሰላም",
        "ተስፋይ",
        "林小梅说",
        "Ștefan",
        "Łukasz",
        "said",
        "(three",
        "weeks)",
        "44%",
        "Ọlá",
        "Dritë",
        "—",
        "wiśniewski",
    ]
    out: list[str] = []
    size, i = 0, 0
    while size < length:
        word = words[(i * 7 + 3) % len(words)] + str(i) + ("\n" if i % 89 == 88 else " ")
        out.append(word)
        size += len(word)
        i += 1
    return "".join(out)[:length]


def test_long_mixed_text_flows_over_pages_without_loss() -> None:
    text = long_mixed_text()
    assert len(text) == 15_000
    pdf = build(user_text(text))
    pages = pdf_probe.page_texts(pdf)
    assert len(pages) >= 3
    assert pdf_probe.squash(pdf_probe.body_text(pdf)) == pdf_probe.squash(text)
    for number, page_text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page_text
        assert page_text.count("OFFICIAL-SENSITIVE") == 2
        assert "Case FC-2025-0042" in page_text
        assert "Printed from saved version 9f86d081884c" in page_text
    # The same text as an answer under its label also flows instead of being kept on one page.
    answered = build([labelled_answer("What happened", text)])
    assert pdf_probe.squash(pdf_probe.body_text(answered)) == pdf_probe.squash(
        "What happened" + text
    )


def test_long_arabic_text_keeps_every_word() -> None:
    sentence = "او گفت که نامش Ahmad است و در سال 2023 به انگلستان رسید. "
    text = sentence * 220
    pdf = build(user_text(text))
    assert len(pdf_probe.reader(pdf).pages) >= 2
    body = pdf_probe.arabic_fold(pdf_probe.body_text(pdf))
    assert body.count("Ahmad") == 220 and body.count("2023") == 220
    assert body.count("انگلستان") == 220


def test_empty_answer_is_visibly_not_answered() -> None:
    pdf = build(
        [
            labelled_answer("Languages", ""),
            labelled_answer("Nationality", None),
            labelled_answer("Aliases", "  \n "),
        ]
    )
    assert pdf_probe.body_text(pdf).count(NOT_ANSWERED) == 3


def test_metadata_is_generic(people: list[dict[str, object]]) -> None:
    native = str(people[0]["name_native"])
    pdf = build(user_text(native))
    meta = pdf_probe.reader(pdf).metadata
    assert meta is not None
    assert meta.title == "Referral pack"
    assert meta.author == AUTHOR
    assert meta.creator == AUTHOR
    assert native not in str(dict(meta))
    assert "/" not in str(meta.creator) and str(Path.cwd()) not in str(dict(meta))


def test_training_watermark_only_in_training() -> None:
    assert WATERMARK in pdf_probe.page_texts(build(user_text("x"), training=True))[0]
    assert WATERMARK not in pdf_probe.page_texts(build(user_text("x")))[0]


def test_build_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, people: list[dict[str, object]]
) -> None:
    import tempfile

    tmp = tmp_path / "tmp"
    work = tmp_path / "cwd"
    tmp.mkdir()
    work.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.chdir(work)
    story = [labelled_answer(str(p["name_latin"]), str(p["name_native"])) for p in people]
    pdf = build(story, training=True)
    assert pdf.startswith(b"%PDF-")
    assert list(tmp.iterdir()) == [] and list(work.iterdir()) == []


def test_first_page_renders_with_ink(people: list[dict[str, object]]) -> None:
    story = [labelled_answer(str(p["name_latin"]), str(p["name_native"])) for p in people]
    width, height, pixels = pdf_probe.render_page_gray(build(story))
    assert width > 200 and height > 300 and len(pixels) >= width * height
    dark = sum(1 for value in pixels if value < 128)
    assert dark > 0.002 * width * height
    _, _, blank = pdf_probe.render_page_gray(build(user_text("")))
    assert sum(1 for value in blank if value < 128) < dark


def test_page_numbers_need_the_total_so_they_come_last() -> None:
    pdf = build(user_text("\n".join(["line"] * 200)))
    totals = {re.search(r"Page \d+ of (\d+)", t).group(1) for t in pdf_probe.page_texts(pdf)}  # type: ignore[union-attr]
    assert totals == {str(len(pdf_probe.reader(pdf).pages))}
