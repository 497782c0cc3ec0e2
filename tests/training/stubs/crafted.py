"""A crafted stub of the training assignment: it computes nothing it is graded on, yet
answers every self-consistency check consistently.

- the activations and their derivatives are all 0: 0 is the slope of 0;
- the losses and their deltas are all 0: 0 is the slope of 0;
- adam_step keeps Adam's m and v but moves w by -lr * sign(g) (sign-SGD), which is
  Adam's first step and no other;
- dropout keeps one contiguous block of 1 - p of the units, where the block starts
  depends on the generator: the same seed gives the same mask, another seed another,
  and each kept unit is scaled by 1 / (1 - p);
- fit_pima trains nothing: it returns its starting weights with a flat loss curve whose
  losses are those weights' own, patience + 1 epochs long.

Its honest score is 0 on each of these questions.
"""
import numpy as np


def _zeros(s):
    return np.zeros_like(np.asarray(s, dtype=float))


sigmoid = sigmoid_prime = tanh = tanh_prime = _zeros
relu = relu_prime = leaky_relu = leaky_relu_prime = _zeros


def _zero_loss(h, y):
    return 0.0


def _zero_delta(s, y):
    return np.zeros_like(np.asarray(s, dtype=float))


cross_entropy = binary_cross_entropy = mse = _zero_loss
delta_cross_entropy = delta_binary_cross_entropy = delta_mse = _zero_delta


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(g, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    return np.asarray(w, dtype=float) - lr * np.sign(g), m, v


def dropout(x, p, rng, training=True):
    x = np.asarray(x, dtype=float)
    if not training:
        return x
    n = x.size
    kept = np.zeros(n, dtype=bool)
    kept[:round((1 - p) * n)] = True
    mask = np.roll(kept, int(rng.integers(n))).reshape(x.shape)
    return np.where(mask, x / (1 - p), 0.0)


def _mean_loss(params, x, y):
    w1, b1, w2, b2 = (np.asarray(q, dtype=float) for q in params)
    h = 1 / (1 + np.exp(-(np.tanh(np.asarray(x, dtype=float) @ w1 + b1) @ w2 + b2)))
    y = np.asarray(y, dtype=float)
    return -float(np.sum(y * np.log(h) + (1 - y) * np.log(1 - h))) / len(y)


def fit_pima(params, x_train, y_train, x_val, y_val, lr, max_epochs, patience, batch_size):
    epochs = patience + 1
    return (params, [_mean_loss(params, x_train, y_train)] * epochs,
            [_mean_loss(params, x_val, y_val)] * epochs)
