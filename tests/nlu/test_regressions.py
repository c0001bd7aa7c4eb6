"""Regressions fitted side by side give the weights fitted one by one would."""
import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from bot.text.regressions import fit_logistic_regressions


def _problems():
    rng = np.random.default_rng(3)
    features = sparse.csr_matrix(rng.random((60, 12)) * (rng.random((60, 12)) > 0.6))
    binary = (features[:, 0].toarray().ravel() > 0.2).astype(int)
    three = np.array(["none", "suicide", "self_harm"])[np.arange(60) % 3]
    return [(features, binary), (features[:40], three[:40])]


def test_each_result_is_the_regression_of_its_own_problem_in_order():
    problems = _problems()
    fitted = fit_logistic_regressions(problems, c=10.0, max_iter=500)
    assert len(fitted) == len(problems)
    for (features, labels), (classes, coef, intercept) in zip(problems, fitted):
        alone = LogisticRegression(C=10.0, max_iter=500, class_weight="balanced").fit(features, list(labels))
        assert classes == list(alone.classes_)
        np.testing.assert_allclose(coef, alone.coef_, rtol=1e-7, atol=1e-10)
        np.testing.assert_allclose(intercept, alone.intercept_, rtol=1e-7, atol=1e-10)


def test_a_problem_with_one_label_is_refused():
    features, _ = _problems()[0]
    with pytest.raises(ValueError):
        fit_logistic_regressions([(features, np.zeros(60, dtype=int))], c=1.0, max_iter=100)
