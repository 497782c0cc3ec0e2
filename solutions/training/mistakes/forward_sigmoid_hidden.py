"""The hidden layer squashed with the sigmoid instead of tanh."""
import numpy as np

FUNCTION = "forward"
HINT = "the lecture's hidden layer is tanh: x1 = tanh(s1), and the output is softmax(s2)"


def forward(params, x):
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in params)
    x = np.asarray(x, dtype=float)
    s1 = x @ W1 + b1
    x1 = 1 / (1 + np.exp(-s1))
    s2 = x1 @ W2 + b2
    e = np.exp(s2 - s2.max(axis=1, keepdims=True))
    return x, s1, x1, s2, e / e.sum(axis=1, keepdims=True)
