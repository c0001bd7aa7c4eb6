"""bot.text.sudachi.analyze never raises and its offsets always point into the text."""
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.blank import is_blank
from bot.text.sudachi import analyze

japanese = st.text(
    alphabet=st.sampled_from(list("子どもが学校に行けなくなりました。夫母兄ー・～！？　 \n\t０１２３ＡＢａｂ"
                                  "ｱｲｳｶﾞ㍻㈱①Ⅻ髙﨑𠮷😢🙏🏽👨‍👩‍👧\u200b\u200d\ufeff\x00\x1b")),
    max_size=200,
)
anything = st.text(max_size=200)


def check(text):
    morphemes = analyze(text)
    previous_end = 0
    for m in morphemes:
        assert 0 <= m.begin < m.end <= len(text)
        assert m.begin >= previous_end  # in order, not overlapping
        assert text[m.begin:m.end] == m.surface
        assert not is_blank(m.surface)
        previous_end = m.end


@settings(max_examples=150, deadline=None)
@given(japanese)
def test_japanese_like_text(text):
    check(text)


@settings(max_examples=150, deadline=None)
@given(anything)
def test_any_unicode_text(text):
    check(text)


def test_text_longer_than_sudachi_accepts():
    text = ("子どもが学校に行けなくなりました" * 800) + "。" + ("😢" * 3000)
    check(text)


def test_a_lone_surrogate_does_not_raise():
    check("助けて\ud800です")
