"""train_perceptron inserts the bias input x_0 = 1 into the caller's samples."""
FUNCTION = "train_perceptron"
HINT = ("train_perceptron changed the caller's data: build the samples extended with the "
        "bias input as new lists, and leave data as it was")


def train_perceptron(data, targets, eta=1, max_epochs=100):
    for x in data:
        x.insert(0, 1.0)  # the bias input, in the caller's own lists
    weights = [0.0] * len(data[0])
    history = []
    converged = False
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(data, targets):
            y = 1 if sum(wi * xi for wi, xi in zip(weights, x)) >= 0 else 0
            if y != t:
                mistakes += 1
                weights = [wi + eta * (t - y) * xi for wi, xi in zip(weights, x)]
        history.append((weights[1:], weights[0], mistakes))
        if mistakes == 0:
            converged = True
            break
    return weights[1:], weights[0], history, converged
