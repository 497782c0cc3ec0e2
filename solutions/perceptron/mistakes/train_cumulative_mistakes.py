"""train_perceptron records the running total of mistakes, not each epoch's."""
FUNCTION = "train_perceptron"
HINT = ("count the mistakes afresh in each epoch: the history holds each epoch's own count, "
        "not a running total")


def train_perceptron(data, targets, eta=1, max_epochs=100):
    w, b = [0.0] * len(data[0]), 0.0
    history = []
    mistakes = 0
    for _ in range(max_epochs):
        changed = False
        for x, t in zip(data, targets):
            y = 1 if b + sum(wi * xi for wi, xi in zip(w, x)) >= 0 else 0
            if y != t:
                mistakes += 1
                changed = True
                w = [wi + eta * (t - y) * xi for wi, xi in zip(w, x)]
                b = b + eta * (t - y)
        history.append((list(w), b, mistakes))
        if not changed:
            return w, b, history, True
    return w, b, history, False
