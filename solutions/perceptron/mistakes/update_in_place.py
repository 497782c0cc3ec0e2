"""perceptron_update adds the correction to the caller's list w and returns it."""
FUNCTION = "perceptron_update"
HINT = "perceptron_update changed the caller's list w: put the new weights in a new list"


def perceptron_update(w, b, x, t, eta):
    a = b + sum(wi * xi for wi, xi in zip(w, x))
    y = 1 if a >= 0 else 0
    for i in range(len(w)):
        w[i] += eta * (t - y) * x[i]
    return w, b + eta * (t - y)
