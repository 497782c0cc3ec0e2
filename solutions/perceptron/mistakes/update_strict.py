"""perceptron_update takes y = 1 only when a > 0."""
FUNCTION = "perceptron_update"
HINT = ("a unit whose activation is exactly zero fires (y = 1), so a sample with a = 0 and "
        "target 0 is a mistake to correct")


def perceptron_update(w, b, x, t, eta):
    a = b + sum(wi * xi for wi, xi in zip(w, x))
    y = 1 if a > 0 else 0
    return [wi + eta * (t - y) * xi for wi, xi in zip(w, x)], b + eta * (t - y)
