"""perceptron_update corrects w but never b."""
FUNCTION = "perceptron_update"
HINT = ("the bias learns too: correct it by eta * (t - y), as the weight of an input that is "
        "always 1")


def perceptron_update(w, b, x, t, eta):
    a = b + sum(wi * xi for wi, xi in zip(w, x))
    y = 1 if a >= 0 else 0
    return [wi + eta * (t - y) * xi for wi, xi in zip(w, x)], b
