"""Benchmarks and the evaluation parse residents' kind of text: Rasa must not log it."""
import logging

import structlog
from rasa.utils.log_utils import configure_structlog

from bot.evaluation import silence_parse_logs

TEXT = "my husband hits me"  # ASCII: the JSON renderer escapes Japanese


def _logged(caplog):
    structlog.get_logger().debug("processor.message.parse", parse_data_text=TEXT)
    return any(TEXT in record.getMessage() for record in caplog.records)


def test_parsed_texts_are_not_logged_after_silencing(caplog):
    caplog.set_level(logging.DEBUG)
    # What training leaves behind: Rasa's structlog at debug level, which logs
    # every parsed message with its text (processor.message.parse).
    configure_structlog(logging.DEBUG)
    assert _logged(caplog)

    caplog.clear()
    silence_parse_logs()
    assert not _logged(caplog)
