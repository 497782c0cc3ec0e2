# A correct submission written differently from the reference: other but equivalent
# formulas (sigmoid from tanh, softmax through log-sum-exp, einsum, optimizers that
# update copies in place), returning tuples and lists.
import copy

import numpy as np


def sigmoid(s):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(s, dtype=float)))


def sigmoid_prime(s):
    a = sigmoid(s)
    return a - a * a


def tanh(s):
    s = np.asarray(s, dtype=float)
    return 2.0 * sigmoid(2.0 * s) - 1.0


def tanh_prime(s):
    t = tanh(s)
    return (1.0 - t) * (1.0 + t)


def relu(s):
    s = np.asarray(s, dtype=float)
    return s * (s > 0)


def relu_prime(s):
    return np.where(np.asarray(s, dtype=float) < 0, 0.0, 1.0)


def leaky_relu(s):
    s = np.asarray(s, dtype=float)
    return np.maximum(s, 0.01 * s)


def leaky_relu_prime(s):
    s = np.asarray(s, dtype=float)
    return 0.01 + 0.99 * (s >= 0)


def softmax(s):
    s = np.asarray(s, dtype=float)
    top = s.max(axis=1, keepdims=True)
    log_sum = top + np.log(np.exp(s - top).sum(axis=1, keepdims=True))
    return np.exp(s - log_sum)


def cross_entropy(h, y):
    return float(-np.einsum("ij,ij->", np.asarray(y, float), np.log(np.asarray(h, float))))


def delta_cross_entropy(s, y):
    return softmax(s) - np.asarray(y, float)


def binary_cross_entropy(h, y):
    h, y = np.asarray(h, float), np.asarray(y, float)
    return float(-(y * np.log(h)).sum() - ((1 - y) * np.log1p(-h)).sum())


def delta_binary_cross_entropy(s, y):
    return sigmoid(s) - np.asarray(y, float)


def mse(h, y):
    d = np.asarray(h, float) - np.asarray(y, float)
    return float(np.vdot(d, d)) / 2


def delta_mse(s, y):
    h = sigmoid(s)
    return h * (1 - h) * (h - np.asarray(y, float))


def forward(params, x):
    W1, b1, W2, b2 = map(np.array, params)
    x = np.array(x, dtype=float)
    s1 = np.einsum("md,dh->mh", x, W1) + b1
    x1 = tanh(s1)
    s2 = np.einsum("mh,hk->mk", x1, W2) + b2
    return (x, s1, x1, s2, softmax(s2))


def backward(params, cache, y):
    x, s1, x1, s2, h = map(np.array, cache)
    d2 = h - np.array(y)
    d1 = tanh_prime(s1) * np.einsum("mk,hk->mh", d2, np.array(params[2]))
    return [np.einsum("md,mh->dh", x, d1), d1.sum(0)[None, :],
            np.einsum("mh,mk->hk", x1, d2), d2.sum(0)[None, :]]


def train(params, x, y, lr, epochs, batch_size):
    params = copy.deepcopy([np.array(p, dtype=float) for p in params])
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    batches = [(x[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(x), batch_size)]
    losses = []
    for _ in range(epochs):
        for xb, yb in batches:
            for p, g in zip(params, backward(params, forward(params, xb), yb)):
                p -= (lr / len(xb)) * g
        losses.append(cross_entropy(forward(params, x)[4], y) / len(x))
    return params, losses


def sgd_step(w, g, lr):
    w = np.array(w, dtype=float)
    w -= lr * np.array(g)
    return w


def momentum_step(w, g, v, lr, alpha=0.9):
    v = np.array(v, dtype=float) * alpha
    v -= lr * np.array(g)
    return np.array(w) + v, v


def momentum_pytorch_step(w, g, v, lr, mu=0.9):
    v = np.add(np.multiply(mu, v), g)
    return np.subtract(w, lr * v), v


def nesterov_step(w, g, v, lr, mu=0.9):
    v_new = mu * np.array(v, dtype=float) + np.array(g)
    step = np.array(g) + mu * v_new
    return np.array(w) - lr * step, v_new


def adagrad_step(w, g, r, lr, eps=1e-8):
    g = np.array(g, dtype=float)
    r = np.array(r, dtype=float)
    r += g * g
    return np.array(w) - lr * g / (r ** 0.5 + eps), r


def rmsprop_step(w, g, r, lr, beta=0.9, eps=1e-8):
    g = np.array(g, dtype=float)
    r = np.array(r, dtype=float)
    r += (1 - beta) * (g * g - r)
    return np.array(w) - lr * g / (r ** 0.5 + eps), r


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.array(g, dtype=float)
    m = np.array(m) + (1 - beta1) * (g - np.array(m))
    v = np.array(v) + (1 - beta2) * (g ** 2 - np.array(v))
    step = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    eps_hat = eps * np.sqrt(1 - beta2 ** t)  # the same update, Kingma and Ba's section 2
    return np.array(w) - step * m / (np.sqrt(v) + eps_hat), m, v


def l2_gradient(g, w, lam):
    return np.add(g, np.multiply(2 * lam, w))


def dropout(x, p, rng, training=True):
    x = np.array(x, dtype=float)
    if not training:
        return x
    keep = rng.binomial(1, 1 - p, size=x.shape)
    return np.where(keep == 1, x / (1 - p), 0.0)


def preprocess(train, other):
    train = np.ma.masked_invalid(np.array(train, dtype=float))
    other = np.ma.masked_invalid(np.array(other, dtype=float))
    means = train.mean(axis=0)
    train = train.filled(0) + train.mask * means.data
    other = other.filled(0) + other.mask * means.data
    low = train.min(axis=0)
    span = train.max(axis=0) - low
    return (train - low) / span, (other - low) / span


def fit_pima(params, x_train, y_train, x_val, y_val, lr, max_epochs, patience, batch_size):
    def outputs(params, x):
        hidden = tanh(x @ params[0] + params[1])
        return hidden, sigmoid(hidden @ params[2] + params[3])

    def mean_loss(params, x, y):
        return binary_cross_entropy(outputs(params, x)[1], y) / len(x)

    params = [np.array(p, dtype=float) for p in params]
    x, y = np.array(x_train, dtype=float), np.array(y_train, dtype=float)
    xv, yv = np.array(x_val, dtype=float), np.array(y_val, dtype=float)
    history = {"train": [], "val": []}
    best_epoch, kept = -1, None
    for epoch in range(max_epochs):
        for i in range(0, len(x), batch_size):
            xb, yb = x[i:i + batch_size], y[i:i + batch_size]
            hidden, h = outputs(params, xb)
            d2 = h - yb
            d1 = (1 - hidden ** 2) * (d2 @ params[2].T)
            grads = [xb.T @ d1, d1.sum(0, keepdims=True), hidden.T @ d2, d2.sum(0, keepdims=True)]
            for p, g in zip(params, grads):
                p -= lr * g / len(xb)
        history["train"].append(mean_loss(params, x, y))
        history["val"].append(mean_loss(params, xv, yv))
        if kept is None or history["val"][-1] < history["val"][best_epoch]:
            best_epoch, kept = epoch, copy.deepcopy(params)
        elif epoch - best_epoch >= patience:
            break
    return kept, history["train"], history["val"]
