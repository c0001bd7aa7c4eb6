"""Rasa tokenizer for Japanese built on SudachiPy (shaped like Rasa's JiebaTokenizer)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot import limits
from bot.nlu.config_only import ConfigOnlyComponent
from bot.text import sudachi

_SPLIT_MODES = ("A", "B", "C")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class SudachiTokenizer(ConfigOnlyComponent, Tokenizer):
    """Splits Japanese text with Sudachi; each token's lemma is Sudachi's normalized form."""

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        """Only Japanese: the dictionary is Japanese (English words pass as single tokens)."""
        return ["ja"]

    @staticmethod
    def required_packages() -> List[Text]:
        """Both, so that a dictionary upgrade changes the fingerprint and retrains."""
        return ["sudachipy", "sudachidict_core"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Returns the default config."""
        return {
            # Sudachi split mode: A (short units), B (middle) or C (named entities
            # and compounds kept whole). See docs/nlu.md for the measurement.
            "split_mode": "C",
            # Multi-intents such as "elderly_care+hikikomori" are split on this flag.
            "intent_tokenization_flag": False,
            # Symbol on which multi-intent names are split.
            "intent_split_symbol": "+",
            # Regular expression to split tokens further; None keeps Sudachi's.
            "token_pattern": None,
            # Symbol on which a prefix is split (Rasa's retrieval intents).
            "prefix_separator_symbol": None,
            # DIET pads every batch to its longest message, and a few long
            # posts of 400 tokens made an epoch 8 times slower (docs/nlu.md).
            # A longer message keeps its first and last halves of this many
            # tokens: the worry is most often told at the start or the end, and
            # the ConcernScorer reads every sentence of the whole text anyway.
            # None keeps every token.
            "max_tokens": 64,
        }

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Refuses an unknown split mode at training time, not at the first message."""
        if str(config.get("split_mode", "C")).upper() not in _SPLIT_MODES:
            raise ValueError(
                f"SudachiTokenizer: split_mode must be one of {_SPLIT_MODES}, "
                f"got {config.get('split_mode')!r}"
            )

    def __init__(self, config: Dict[Text, Any]) -> None:
        """Initializes the tokenizer."""
        super().__init__(config)
        self.validate_config(config)
        self.split_mode = str(config["split_mode"]).upper()


    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        """Tokenizes the text of the given attribute with offsets into the original text.

        Only the part the concern is read from: DIET's cost grows with the
        square of the tokens, and the crisis components read the whole text.
        """
        text = limits.understood_part(message.get(attribute) or "")
        tokens = [
            Token(m.surface, m.begin, m.end, lemma=m.normalized)
            for m in sudachi.analyze(text, self.split_mode)
        ]
        limit = self._config.get("max_tokens")
        if limit and len(tokens) > limit:
            head = limit // 2
            tokens = tokens[:head] + tokens[len(tokens) - (limit - head):]
        return self._apply_token_pattern(tokens)
