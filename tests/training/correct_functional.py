# A correct submission built from a few primitives: deltas from the activations, the
# lecture's momentum written through PyTorch's (its velocity is -lr times PyTorch's),
# one forward and one backward shared by train and fit_pima, dropout from rng.uniform,
# preprocessing column by column.
import numpy as np


def _array(a):
    return np.asarray(a, dtype=np.float64)


def sigmoid(s):
    s = _array(s)
    return np.exp(-np.logaddexp(0.0, -s))


def sigmoid_prime(s):
    return sigmoid(s) * sigmoid(-_array(s))


def tanh(s):
    return np.tanh(_array(s))


def tanh_prime(s):
    return 1 / np.cosh(np.clip(_array(s), -350, 350)) ** 2


def relu(s):
    return np.clip(_array(s), 0, None)


def relu_prime(s):
    return np.heaviside(_array(s), 1.0)


def leaky_relu(s):
    s = _array(s)
    return s * leaky_relu_prime(s)


def leaky_relu_prime(s):
    return np.where(_array(s) < 0, 0.01, 1.0)


def softmax(s):
    s = _array(s)
    shifted = s - np.max(s, axis=1)[:, None]
    return np.exp(shifted) / np.sum(np.exp(shifted), axis=1)[:, None]


def _output_delta(h, y, derivative=None):
    delta = _array(h) - _array(y)
    return delta if derivative is None else derivative * delta


def cross_entropy(h, y):
    return float(-np.sum(np.where(_array(y) > 0, _array(y) * np.log(_array(h)), 0.0)))


def delta_cross_entropy(s, y):
    return _output_delta(softmax(s), y)


def binary_cross_entropy(h, y):
    h, y = _array(h), _array(y)
    return float(-np.sum(np.log(np.where(y > 0.5, h, 1 - h)))) if np.all((y == 0) | (y == 1)) \
        else float(-np.sum(y * np.log(h) + (1 - y) * np.log(1 - h)))


def delta_binary_cross_entropy(s, y):
    return _output_delta(sigmoid(s), y)


def mse(h, y):
    return float(np.sum(np.square(_array(h) - _array(y)))) / 2


def delta_mse(s, y):
    return _output_delta(sigmoid(s), y, sigmoid_prime(s))


def _forward(params, x, output):
    W1, b1, W2, b2 = map(_array, params)
    x = _array(x)
    s1 = x.dot(W1) + b1
    x1 = tanh(s1)
    s2 = x1.dot(W2) + b2
    return x, s1, x1, s2, output(s2)


def _backward(params, cache, y):
    x, s1, x1, _, h = map(_array, cache)
    d2 = h - _array(y)
    d1 = tanh_prime(s1) * d2.dot(_array(params[2]).T)
    return tuple(g for a, d in ((x, d1), (x1, d2)) for g in (a.T.dot(d), d.sum(0, keepdims=True)))


def forward(params, x):
    return _forward(params, x, softmax)


def backward(params, cache, y):
    return _backward(params, cache, y)


def _epoch(params, x, y, lr, batch_size, output):
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        grads = _backward(params, _forward(params, xb, output), yb)
        params = [p - lr / len(xb) * g for p, g in zip(params, grads)]
    return params


def train(params, x, y, lr, epochs, batch_size):
    params, x, y = [_array(p) for p in params], _array(x), _array(y)
    losses = []
    for _ in range(epochs):
        params = _epoch(params, x, y, lr, batch_size, softmax)
        losses.append(cross_entropy(forward(params, x)[-1], y) / len(y))
    return params, losses


def sgd_step(w, g, lr):
    (w,) = _descend(w, g, lr)
    return w


def _descend(w, direction, lr):
    return (_array(w) - lr * _array(direction),)


def momentum_pytorch_step(w, g, v, lr, mu=0.9):
    v = mu * _array(v) + _array(g)
    return _descend(w, v, lr)[0], v


def momentum_step(w, g, v, lr, alpha=0.9):
    """The lecture's form through PyTorch's: v_lecture = -lr * v_pytorch."""
    w, v_pytorch = momentum_pytorch_step(w, g, -_array(v) / lr, lr, alpha)
    return w, -lr * v_pytorch


def nesterov_step(w, g, v, lr, mu=0.9):
    v = mu * _array(v) + _array(g)
    return _descend(w, _array(g) + mu * v, lr)[0], v


def _scaled(w, g, r, lr, eps):
    return _descend(w, _array(g) / (np.sqrt(r) + eps), lr)[0], r


def adagrad_step(w, g, r, lr, eps=1e-8):
    return _scaled(w, g, _array(r) + np.square(g), lr, eps)


def rmsprop_step(w, g, r, lr, beta=0.9, eps=1e-8):
    return _scaled(w, g, beta * _array(r) + (1 - beta) * np.square(g), lr, eps)


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * _array(m) + (1 - beta1) * _array(g)
    v = beta2 * _array(v) + (1 - beta2) * np.square(g)
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return _descend(w, m_hat / (np.sqrt(v_hat) + eps), lr)[0], m, v


def l2_gradient(g, w, lam):
    return _array(g) + 2 * lam * _array(w)


def dropout(x, p, rng, training=True):
    x = _array(x)
    if not training:
        return x.copy()
    return np.where(rng.uniform(size=x.shape) >= p, x, 0.0) / (1 - p)


def preprocess(train, other):
    train, other = _array(train).copy(), _array(other).copy()
    for c in range(train.shape[1]):
        column = train[:, c]
        mean = column[~np.isnan(column)].mean()
        train[np.isnan(train[:, c]), c] = mean
        other[np.isnan(other[:, c]), c] = mean
        low, high = train[:, c].min(), train[:, c].max()
        train[:, c] = (train[:, c] - low) / (high - low)
        other[:, c] = (other[:, c] - low) / (high - low)
    return train, other


def fit_pima(params, x_train, y_train, x_val, y_val, lr, max_epochs, patience, batch_size):
    params = [_array(p) for p in params]
    x, y, xv, yv = map(_array, (x_train, y_train, x_val, y_val))

    def mean_loss(params, x, y):
        return binary_cross_entropy(_forward(params, x, sigmoid)[-1], y) / len(y)

    curves, best = ([], []), None
    for epoch in range(max_epochs):
        params = _epoch(params, x, y, lr, batch_size, sigmoid)
        curves[0].append(mean_loss(params, x, y))
        curves[1].append(mean_loss(params, xv, yv))
        if best is None or curves[1][-1] < curves[1][best[0]]:
            best = (epoch, [p.copy() for p in params])
        if epoch - best[0] == patience:
            break
    return best[1], curves[0], curves[1]
