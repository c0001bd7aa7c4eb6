"""Agreement with the independently written cases in language_cases.yml (≥ 95 %)."""
from pathlib import Path

import pytest
import yaml

from bot.language import detect

CASES_FILE = Path(__file__).with_name("language_cases.yml")
REQUIRED_AGREEMENT = 0.95


@pytest.mark.skipif(not CASES_FILE.exists(), reason="language_cases.yml not written yet")
def test_agreement_with_independent_cases():
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    assert cases, "language_cases.yml has no cases"
    misses = [
        f"{c['text']!r}: expected {c['lang']}, got {detect(c['text'])}"
        + (f"  ({c['note']})" if c.get("note") else "")
        for c in cases
        if detect(c["text"]) != c["lang"]
    ]
    agreement = 1 - len(misses) / len(cases)
    report = "\n".join(misses) or "none"
    print(f"language_cases.yml: {agreement:.1%} of {len(cases)} agree; misses:\n{report}")
    assert agreement >= REQUIRED_AGREEMENT, f"{agreement:.1%} < 95 %; misses:\n{report}"
