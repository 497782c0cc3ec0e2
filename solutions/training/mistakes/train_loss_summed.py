"""Records the summed cross-entropy per epoch instead of the mean per sample."""
import numpy as np

FUNCTION = "train"
HINT = ("record the mean cross-entropy per sample after each epoch: the sum over all of x "
        "divided by len(x)")


def _forward(params, x):
    W1, b1, W2, b2 = params
    s1 = x @ W1 + b1
    x1 = np.tanh(s1)
    s2 = x1 @ W2 + b2
    e = np.exp(s2 - s2.max(axis=1, keepdims=True))
    return x, s1, x1, s2, e / e.sum(axis=1, keepdims=True)


def train(params, x, y, lr, epochs, batch_size):
    params = [np.array(p, dtype=float) for p in params]
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    losses = []
    for _ in range(epochs):
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            _, s1, x1, _, h = _forward(params, xb)
            d2 = h - yb
            d1 = (1 - x1 ** 2) * (d2 @ params[2].T)
            grads = (xb.T @ d1, d1.sum(0, keepdims=True), x1.T @ d2, d2.sum(0, keepdims=True))
            params = [p - lr * g / len(xb) for p, g in zip(params, grads)]
        losses.append(-float(np.sum(y * np.log(_forward(params, x)[-1]))))
    return params, losses
