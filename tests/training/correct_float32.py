# A correct submission in single precision: every array is float32, as a student
# saving memory (or copying from a GPU tutorial) might write it.
import numpy as np


def sigmoid(s):
    """The logistic function, element by element; no overflow at +-1000."""
    s = np.asarray(s, dtype=np.float32)
    e = np.exp(-np.abs(s))  # at most 1: never overflows
    return np.where(s >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(s):
    """The sigmoid's derivative at s: sigmoid(s) * (1 - sigmoid(s))."""
    g = sigmoid(s)
    return g * (1.0 - g)


def tanh(s):
    """The hyperbolic tangent, element by element."""
    return np.tanh(np.asarray(s, dtype=np.float32))


def tanh_prime(s):
    """tanh's derivative at s: 1 - tanh(s)**2."""
    return 1.0 - np.tanh(np.asarray(s, dtype=np.float32)) ** 2


def relu(s):
    """max(0, s), element by element."""
    return np.maximum(np.asarray(s, dtype=np.float32), 0.0)


def relu_prime(s):
    """ReLU's derivative: 1 where s >= 0 (the lecture's choice at 0), else 0."""
    return (np.asarray(s, dtype=np.float32) >= 0).astype(float)


def leaky_relu(s):
    """s where s >= 0, else 0.01 * s."""
    s = np.asarray(s, dtype=np.float32)
    return np.where(s >= 0, s, 0.01 * s)


def leaky_relu_prime(s):
    """1 where s >= 0, else 0.01."""
    return np.where(np.asarray(s, dtype=np.float32) >= 0, 1.0, 0.01)


def softmax(s):
    """Row-wise softmax of an M x K matrix, stable for large inputs."""
    s = np.asarray(s, dtype=np.float32)
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy(h, y):
    """-sum(y * log h) over the batch and the classes: one number."""
    h, y = np.asarray(h, dtype=np.float32), np.asarray(y, dtype=np.float32)
    return -float(np.sum(y * np.log(h)))


def delta_cross_entropy(s, y):
    """dE/ds for softmax with cross-entropy: softmax(s) - y."""
    return softmax(s) - np.asarray(y, dtype=np.float32)


def binary_cross_entropy(h, y):
    """-sum(y log h + (1 - y) log(1 - h)) over the batch: one number."""
    h, y = np.asarray(h, dtype=np.float32), np.asarray(y, dtype=np.float32)
    return -float(np.sum(y * np.log(h) + (1 - y) * np.log(1 - h)))


def delta_binary_cross_entropy(s, y):
    """dE/ds for a sigmoid output with binary cross-entropy: sigmoid(s) - y."""
    return sigmoid(s) - np.asarray(y, dtype=np.float32)


def mse(h, y):
    """1/2 sum of (h - y)**2 over the batch and the outputs: one number."""
    h, y = np.asarray(h, dtype=np.float32), np.asarray(y, dtype=np.float32)
    return 0.5 * float(np.sum((h - y) ** 2))


def delta_mse(s, y):
    """dE/ds for a sigmoid output with the squared error: sigmoid'(s) * (sigmoid(s) - y)."""
    return sigmoid_prime(s) * (sigmoid(s) - np.asarray(y, dtype=np.float32))


def forward(params, x):
    """The cache (x, s1, x1, s2, h) of the forward pass for a batch x (M x d)."""
    W1, b1, W2, b2 = (np.asarray(p, dtype=np.float32) for p in params)
    x = np.asarray(x, dtype=np.float32)
    s1 = x @ W1 + b1
    x1 = np.tanh(s1)
    s2 = x1 @ W2 + b2
    return x, s1, x1, s2, softmax(s2)


def backward(params, cache, y):
    """The gradients (dW1, db1, dW2, db2) of the summed cross-entropy."""
    W2 = np.asarray(params[2], dtype=np.float32)
    x, s1, x1, s2, h = (np.asarray(c, dtype=np.float32) for c in cache)
    d2 = h - np.asarray(y, dtype=np.float32)
    d1 = (1 - np.tanh(s1) ** 2) * (d2 @ W2.T)
    return x.T @ d1, d1.sum(axis=0, keepdims=True), x1.T @ d2, d2.sum(axis=0, keepdims=True)


def train(params, x, y, lr, epochs, batch_size):
    """Mini-batch gradient descent: (params, losses), one mean loss per epoch."""
    params = [np.array(p, dtype=np.float32) for p in params]
    x, y = np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.float32)
    losses = []
    for _ in range(epochs):
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            grads = backward(params, forward(params, xb), yb)
            params = [p - lr * g / len(xb) for p, g in zip(params, grads)]
        losses.append(cross_entropy(forward(params, x)[-1], y) / len(x))
    return params, losses


def sgd_step(w, g, lr):
    """Plain gradient descent: the new weights."""
    return np.asarray(w, dtype=np.float32) - lr * np.asarray(g, dtype=np.float32)


def momentum_step(w, g, v, lr, alpha=0.9):
    """The lecture's momentum: v <- alpha v - lr g, w <- w + v; returns (w, v)."""
    v = alpha * np.asarray(v, dtype=np.float32) - lr * np.asarray(g, dtype=np.float32)
    return np.asarray(w, dtype=np.float32) + v, v


def momentum_pytorch_step(w, g, v, lr, mu=0.9):
    """PyTorch's momentum: v <- mu v + g, w <- w - lr v; returns (w, v)."""
    v = mu * np.asarray(v, dtype=np.float32) + np.asarray(g, dtype=np.float32)
    return np.asarray(w, dtype=np.float32) - lr * v, v


def nesterov_step(w, g, v, lr, mu=0.9):
    """Nesterov momentum: v <- mu v + g, w <- w - lr (g + mu v); returns (w, v)."""
    g = np.asarray(g, dtype=np.float32)
    v = mu * np.asarray(v, dtype=np.float32) + g
    return np.asarray(w, dtype=np.float32) - lr * (g + mu * v), v


def adagrad_step(w, g, r, lr, eps=1e-8):
    """AdaGrad: r <- r + g**2, w <- w - lr g / (sqrt(r) + eps); returns (w, r)."""
    g = np.asarray(g, dtype=np.float32)
    r = np.asarray(r, dtype=np.float32) + g ** 2
    return np.asarray(w, dtype=np.float32) - lr * g / (np.sqrt(r) + eps), r


def rmsprop_step(w, g, r, lr, beta=0.9, eps=1e-8):
    """RMSProp: r <- beta r + (1 - beta) g**2, w <- w - lr g / (sqrt(r) + eps); returns (w, r)."""
    g = np.asarray(g, dtype=np.float32)
    r = beta * np.asarray(r, dtype=np.float32) + (1 - beta) * g ** 2
    return np.asarray(w, dtype=np.float32) - lr * g / (np.sqrt(r) + eps), r


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction at step t (from 1); returns (w, m, v)."""
    g = np.asarray(g, dtype=np.float32)
    m = beta1 * np.asarray(m, dtype=np.float32) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=np.float32) + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return np.asarray(w, dtype=np.float32) - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def l2_gradient(g, w, lam):
    """The gradient of loss + lam * sum(w**2): g + 2 lam w."""
    return np.asarray(g, dtype=np.float32) + 2 * lam * np.asarray(w, dtype=np.float32)


def dropout(x, p, rng, training=True):
    """Inverted dropout of x with drop probability p, the mask drawn from rng."""
    x = np.asarray(x, dtype=np.float32)
    if not training or p == 0:
        return x
    keep = 1.0 - p
    mask = rng.random(x.shape) < keep
    return x * mask / keep


def preprocess(train, other):
    """Mean imputation and [0, 1] rescaling learnt from train only: (train, other)."""
    train = np.array(train, dtype=np.float32)
    other = np.array(other, dtype=np.float32)
    means = np.nanmean(train, axis=0)
    train = np.where(np.isnan(train), means, train)
    other = np.where(np.isnan(other), means, other)
    low, high = train.min(axis=0), train.max(axis=0)
    return (train - low) / (high - low), (other - low) / (high - low)


def fit_pima(params, x_train, y_train, x_val, y_val, lr, max_epochs, patience, batch_size):
    """A 7-H-1 network trained with early stopping.

    Returns (best_params, train_losses, val_losses).
    """
    def predict(params, x):
        W1, b1, W2, b2 = params
        x1 = np.tanh(x @ W1 + b1)
        return x1, sigmoid(x1 @ W2 + b2)

    def mean_loss(params, x, y):
        return binary_cross_entropy(predict(params, x)[1], y) / len(x)

    params = [np.array(p, dtype=np.float32) for p in params]
    x, y = np.asarray(x_train, dtype=np.float32), np.asarray(y_train, dtype=np.float32)
    x_val, y_val = np.asarray(x_val, dtype=np.float32), np.asarray(y_val, dtype=np.float32)
    best, best_params, waited = np.inf, params, 0
    train_losses, val_losses = [], []
    for _ in range(max_epochs):
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            x1, h = predict(params, xb)
            d2 = h - yb
            d1 = (1 - x1 ** 2) * (d2 @ params[2].T)
            grads = (xb.T @ d1, d1.sum(axis=0, keepdims=True), x1.T @ d2,
                     d2.sum(axis=0, keepdims=True))
            params = [p - lr * g / len(xb) for p, g in zip(params, grads)]
        train_losses.append(mean_loss(params, x, y))
        val_losses.append(mean_loss(params, x_val, y_val))
        if val_losses[-1] < best:
            best, best_params, waited = val_losses[-1], params, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_params, train_losses, val_losses
