"""Logistic regressions fitted side by side, one process per core.

The concern scorer fits one regression per concern and the crisis model one
per head, all over the same features. Fitted one after the other they took
about 130 s of a training that must stay under 8 minutes on 2 cores; each fit
is independent and deterministic, so fitting them in parallel gives the same
weights sooner.
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

import numpy as np


def _fit(features, labels, c: float, max_iter: int) -> Tuple[list, np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    # Balanced: a concern or crisis kind with 3 % of the examples must not lose
    # to "no" or `none`; unweighted, the regression learns to say no to all of them.
    model = LogisticRegression(C=c, max_iter=max_iter, class_weight="balanced").fit(features, list(labels))
    return list(model.classes_), model.coef_, model.intercept_


def fit_logistic_regressions(
    problems: Sequence[Tuple[object, Sequence]], c: float, max_iter: int
) -> List[Tuple[list, np.ndarray, np.ndarray]]:
    """(classes, coef, intercept) of one balanced regression per (features, labels), in order."""
    from joblib import Parallel, delayed

    return Parallel(n_jobs=-1)(delayed(_fit)(features, labels, c, max_iter) for features, labels in problems)
