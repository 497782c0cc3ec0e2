"""train_perceptron runs all max_epochs epochs even after converging."""
FUNCTION = "train_perceptron"
HINT = ("stop after the first epoch without a change: once the unit gets every sample right, "
        "further epochs change nothing and do not belong in the history")


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
        history.append((list(w), b, mistakes))
    return w, b, history, history[-1][2] == 0
