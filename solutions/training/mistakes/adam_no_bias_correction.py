"""Adam without bias correction: m and v, which start at 0, are used as they are."""
import numpy as np

FUNCTION = "adam_step"
HINT = ("your Adam skips the bias correction: m and v start at 0, so divide them by "
        "1 - beta1**t and 1 - beta2**t before the step (then the first step is about lr * sign(g))")


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(g, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    return np.asarray(w, dtype=float) - lr * m / (np.sqrt(v) + eps), m, v
