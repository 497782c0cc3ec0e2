"""Bias correction with t - 1: the corrections of the step before."""
import numpy as np

FUNCTION = "adam_step"
HINT = ("your bias correction is one step behind: at step t (counted from 1) divide by "
        "1 - beta1**t and 1 - beta2**t")


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(g, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return np.asarray(w, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
