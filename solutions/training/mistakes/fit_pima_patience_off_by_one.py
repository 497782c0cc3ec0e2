"""Stops one epoch late: after patience + 1 epochs without improvement."""
import numpy as np

FUNCTION = "fit_pima"
HINT = ("stop as soon as `patience` epochs in a row have not improved on the best "
        "validation loss, not one epoch later")


def _sigmoid(s):
    e = np.exp(-np.abs(s))
    return np.where(s >= 0, 1 / (1 + e), e / (1 + e))


def _predict(params, x):
    x1 = np.tanh(x @ params[0] + params[1])
    return x1, _sigmoid(x1 @ params[2] + params[3])


def _mean_loss(params, x, y):
    h = _predict(params, x)[1]
    return -float(np.sum(y * np.log(h) + (1 - y) * np.log(1 - h))) / len(x)


def fit_pima(params, x_train, y_train, x_val, y_val, lr, max_epochs, patience, batch_size):
    params = [np.array(p, dtype=float) for p in params]
    x, y = np.asarray(x_train, dtype=float), np.asarray(y_train, dtype=float)
    x_val, y_val = np.asarray(x_val, dtype=float), np.asarray(y_val, dtype=float)
    best, best_params, waited = np.inf, params, 0
    train_losses, val_losses = [], []
    for _ in range(max_epochs):
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            x1, h = _predict(params, xb)
            d2 = h - yb
            d1 = (1 - x1 ** 2) * (d2 @ params[2].T)
            grads = (xb.T @ d1, d1.sum(0, keepdims=True), x1.T @ d2, d2.sum(0, keepdims=True))
            params = [p - lr * g / len(xb) for p, g in zip(params, grads)]
        train_losses.append(_mean_loss(params, x, y))
        val_losses.append(_mean_loss(params, x_val, y_val))
        if val_losses[-1] < best:
            best, best_params, waited = val_losses[-1], params, 0
        else:
            waited += 1
            if waited > patience:
                break
    return best_params, train_losses, val_losses
