"""perceptron_update corrects by (t - y) * x, without eta."""
FUNCTION = "perceptron_update"
HINT = "multiply the correction of w and of b by the learning rate eta"


def perceptron_update(w, b, x, t, eta):
    a = b + sum(wi * xi for wi, xi in zip(w, x))
    y = 1 if a >= 0 else 0
    return [wi + (t - y) * xi for wi, xi in zip(w, x)], b + (t - y)
