"""train_perceptron corrects by a step of 1 whatever eta is."""
FUNCTION = "train_perceptron"
HINT = "pass the learning rate eta on to every update instead of a fixed step"


def train_perceptron(data, targets, eta=1, max_epochs=100):
    w, b = [0.0] * len(data[0]), 0.0
    history = []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(data, targets):
            y = 1 if b + sum(wi * xi for wi, xi in zip(w, x)) >= 0 else 0
            if y != t:
                mistakes += 1
                w = [wi + (t - y) * xi for wi, xi in zip(w, x)]
                b = b + (t - y)
        history.append((list(w), b, mistakes))
        if mistakes == 0:
            return w, b, history, True
    return w, b, history, False
