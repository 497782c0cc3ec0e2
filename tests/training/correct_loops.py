# A correct submission in plain Python: lists and loops, the math module, no numpy
# arithmetic (dropout draws from the numpy generator it is given, one number at a time).
import math


def _map(f, s):
    """f applied to every number of a number, a list or a list of lists."""
    if isinstance(s, (list, tuple)):
        return [_map(f, item) for item in s]
    return f(float(s))


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def sigmoid(s):
    return _map(_sigmoid, s)


def sigmoid_prime(s):
    return _map(lambda z: _sigmoid(z) * (1.0 - _sigmoid(z)), s)


def tanh(s):
    return _map(math.tanh, s)


def tanh_prime(s):
    return _map(lambda z: 1.0 - math.tanh(z) ** 2, s)


def relu(s):
    return _map(lambda z: z if z > 0 else 0.0, s)


def relu_prime(s):
    return _map(lambda z: 1.0 if z >= 0 else 0.0, s)


def leaky_relu(s):
    return _map(lambda z: z if z >= 0 else 0.01 * z, s)


def leaky_relu_prime(s):
    return _map(lambda z: 1.0 if z >= 0 else 0.01, s)


def _softmax_row(row):
    top = max(row)
    exps = [math.exp(v - top) for v in row]
    total = sum(exps)
    return [e / total for e in exps]


def softmax(s):
    return [_softmax_row(row) for row in s]


def cross_entropy(h, y):
    return -sum(yk * math.log(hk) for hr, yr in zip(h, y) for hk, yk in zip(hr, yr))


def delta_cross_entropy(s, y):
    return [[hk - yk for hk, yk in zip(hr, yr)] for hr, yr in zip(softmax(s), y)]


def binary_cross_entropy(h, y):
    return -sum(yk * math.log(hk) + (1 - yk) * math.log(1 - hk)
                for hr, yr in zip(h, y) for hk, yk in zip(hr, yr))


def delta_binary_cross_entropy(s, y):
    return [[_sigmoid(sk) - yk for sk, yk in zip(sr, yr)] for sr, yr in zip(s, y)]


def mse(h, y):
    return 0.5 * sum((hk - yk) ** 2 for hr, yr in zip(h, y) for hk, yk in zip(hr, yr))


def delta_mse(s, y):
    return [[_sigmoid(sk) * (1 - _sigmoid(sk)) * (_sigmoid(sk) - yk) for sk, yk in zip(sr, yr)]
            for sr, yr in zip(s, y)]


def _matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))]
            for i in range(len(a))]


def _transpose(a):
    return [list(column) for column in zip(*a)]


def _add_row(a, row):
    return [[v + r for v, r in zip(line, row)] for line in a]


def _column_sums(a):
    return [[sum(column) for column in zip(*a)]]


def forward(params, x):
    W1, b1, W2, b2 = params
    x = [[float(v) for v in row] for row in x]
    s1 = _add_row(_matmul(x, W1), b1[0])
    x1 = tanh(s1)
    s2 = _add_row(_matmul(x1, W2), b2[0])
    return [x, s1, x1, s2, softmax(s2)]


def backward(params, cache, y):
    x, s1, x1, s2, h = cache
    d2 = [[hk - yk for hk, yk in zip(hr, yr)] for hr, yr in zip(h, y)]
    back = _matmul(d2, _transpose(params[2]))
    d1 = [[(1 - math.tanh(s) ** 2) * b for s, b in zip(sr, br)] for sr, br in zip(s1, back)]
    return [_matmul(_transpose(x), d1), _column_sums(d1), _matmul(_transpose(x1), d2),
            _column_sums(d2)]


def _step(params, grads, rate):
    return [[[p - rate * g for p, g in zip(prow, grow)] for prow, grow in zip(param, grad)]
            for param, grad in zip(params, grads)]


def train(params, x, y, lr, epochs, batch_size):
    params = [[list(map(float, row)) for row in p] for p in params]
    losses = []
    for _ in range(epochs):
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            params = _step(params, backward(params, forward(params, xb), yb), lr / len(xb))
        losses.append(cross_entropy(forward(params, x)[-1], y) / len(x))
    return params, losses


def sgd_step(w, g, lr):
    return [wi - lr * gi for wi, gi in zip(w, g)]


def momentum_step(w, g, v, lr, alpha=0.9):
    v = [alpha * vi - lr * gi for vi, gi in zip(v, g)]
    return [wi + vi for wi, vi in zip(w, v)], v


def momentum_pytorch_step(w, g, v, lr, mu=0.9):
    v = [mu * vi + gi for vi, gi in zip(v, g)]
    return [wi - lr * vi for wi, vi in zip(w, v)], v


def nesterov_step(w, g, v, lr, mu=0.9):
    v = [mu * vi + gi for vi, gi in zip(v, g)]
    return [wi - lr * (gi + mu * vi) for wi, gi, vi in zip(w, g, v)], v


def adagrad_step(w, g, r, lr, eps=1e-8):
    r = [ri + gi * gi for ri, gi in zip(r, g)]
    return [wi - lr * gi / (math.sqrt(ri) + eps) for wi, gi, ri in zip(w, g, r)], r


def rmsprop_step(w, g, r, lr, beta=0.9, eps=1e-8):
    r = [beta * ri + (1 - beta) * gi * gi for ri, gi in zip(r, g)]
    return [wi - lr * gi / (math.sqrt(ri) + eps) for wi, gi, ri in zip(w, g, r)], r


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = [beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g)]
    v = [beta2 * vi + (1 - beta2) * gi * gi for vi, gi in zip(v, g)]
    new = [wi - lr * (mi / (1 - beta1 ** t)) / (math.sqrt(vi / (1 - beta2 ** t)) + eps)
           for wi, mi, vi in zip(w, m, v)]
    return new, m, v


def l2_gradient(g, w, lam):
    return [[gi + 2 * lam * wi for gi, wi in zip(grow, wrow)] for grow, wrow in zip(g, w)]


def dropout(x, p, rng, training=True):
    if not training:
        return [list(row) for row in x]
    keep = 1 - p
    return [[v / keep if rng.random() < keep else 0.0 for v in row] for row in x]


def preprocess(train, other):
    columns = len(train[0])
    means = []
    for c in range(columns):
        present = [row[c] for row in train if not math.isnan(row[c])]
        means.append(sum(present) / len(present))

    def fill(rows):
        return [[means[c] if math.isnan(v) else v for c, v in enumerate(row)] for row in rows]

    train, other = fill(train), fill(other)
    low = [min(row[c] for row in train) for c in range(columns)]
    high = [max(row[c] for row in train) for c in range(columns)]

    def scale(rows):
        return [[(v - lo) / (hi - lo) for v, lo, hi in zip(row, low, high)] for row in rows]

    return scale(train), scale(other)


def _binary_forward(params, x):
    W1, b1, W2, b2 = params
    x1 = tanh(_add_row(_matmul(x, W1), b1[0]))
    return x1, sigmoid(_add_row(_matmul(x1, W2), b2[0]))


def _mean_bce(params, x, y):
    return binary_cross_entropy(_binary_forward(params, x)[1], y) / len(x)


def fit_pima(params, x_train, y_train, x_val, y_val, lr, max_epochs, patience, batch_size):
    params = [[list(map(float, row)) for row in p] for p in params]
    best, best_params, waited = math.inf, params, 0
    train_losses, val_losses = [], []
    for _ in range(max_epochs):
        for start in range(0, len(x_train), batch_size):
            xb = x_train[start:start + batch_size]
            yb = y_train[start:start + batch_size]
            x1, h = _binary_forward(params, xb)
            d2 = [[hk - yk for hk, yk in zip(hr, yr)] for hr, yr in zip(h, yb)]
            back = _matmul(d2, _transpose(params[2]))
            d1 = [[(1 - a * a) * b for a, b in zip(ar, br)] for ar, br in zip(x1, back)]
            grads = [_matmul(_transpose(xb), d1), _column_sums(d1), _matmul(_transpose(x1), d2),
                     _column_sums(d2)]
            params = _step(params, grads, lr / len(xb))
        train_losses.append(_mean_bce(params, x_train, y_train))
        val_losses.append(_mean_bce(params, x_val, y_val))
        if val_losses[-1] < best:
            best, best_params, waited = val_losses[-1], params, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_params, train_losses, val_losses
