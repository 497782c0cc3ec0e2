"""train_perceptron stops when an epoch ends with the weights it started with."""
FUNCTION = "train_perceptron"
HINT = ("count the epoch's mistakes to decide when to stop: on XOR an epoch's updates can "
        "cancel out and leave the weights where they were, yet that epoch made mistakes")


def train_perceptron(data, targets, eta=1, max_epochs=100):
    w, b = [0.0] * len(data[0]), 0.0
    history = []
    for _ in range(max_epochs):
        before = (list(w), b)
        mistakes = 0
        for x, t in zip(data, targets):
            y = 1 if b + sum(wi * xi for wi, xi in zip(w, x)) >= 0 else 0
            if y != t:
                mistakes += 1
                w = [wi + eta * (t - y) * xi for wi, xi in zip(w, x)]
                b = b + eta * (t - y)
        history.append((list(w), b, mistakes))
        if (w, b) == before:
            break
    return w, b, history, history[-1][2] == 0
