"""train_perceptron appends its one list w to the history every epoch."""
FUNCTION = "train_perceptron"
HINT = ("every entry of your history holds the same list w, which you keep changing: "
        "append a copy of w after each epoch")


def train_perceptron(data, targets, eta=1, max_epochs=100):
    w, b = [0.0] * len(data[0]), 0.0
    history = []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(data, targets):
            y = 1 if b + sum(wi * xi for wi, xi in zip(w, x)) >= 0 else 0
            if y != t:
                mistakes += 1
                for i in range(len(w)):
                    w[i] += eta * (t - y) * x[i]
                b += eta * (t - y)
        history.append((w, b, mistakes))
        if mistakes == 0:
            return w, b, history, True
    return w, b, history, False
