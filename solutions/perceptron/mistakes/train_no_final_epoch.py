"""train_perceptron stops before recording the epoch without a change."""
FUNCTION = "train_perceptron"
HINT = ("the epoch without a change belongs to the history: append it, then stop")


def train_perceptron(data, targets, eta=1, max_epochs=100):
    w, b = [0.0] * len(data[0]), 0.0
    history = []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(data, targets):
            y = 1 if b + sum(wi * xi for wi, xi in zip(w, x)) >= 0 else 0
            if y != t:
                mistakes += 1
                w = [wi + eta * (t - y) * xi for wi, xi in zip(w, x)]
                b = b + eta * (t - y)
        if mistakes == 0:
            return w, b, history, True
        history.append((list(w), b, mistakes))
    return w, b, history, False
