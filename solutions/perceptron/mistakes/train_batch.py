"""train_perceptron classifies a whole epoch with the weights of its start."""
FUNCTION = "train_perceptron"
HINT = ("update the weights right after each sample: the next sample is classified with the "
        "weights the previous one left, not with those of the start of the epoch")


def train_perceptron(data, targets, eta=1, max_epochs=100):
    w, b = [0.0] * len(data[0]), 0.0
    history = []
    for _ in range(max_epochs):
        outputs = [1 if b + sum(wi * xi for wi, xi in zip(w, x)) >= 0 else 0 for x in data]
        mistakes = 0
        for x, t, y in zip(data, targets, outputs):
            if y != t:
                mistakes += 1
                w = [wi + eta * (t - y) * xi for wi, xi in zip(w, x)]
                b = b + eta * (t - y)
        history.append((list(w), b, mistakes))
        if mistakes == 0:
            return w, b, history, True
    return w, b, history, False
