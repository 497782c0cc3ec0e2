"""perceptron_update corrects by eta * (y - t): every correction the wrong way."""
FUNCTION = "perceptron_update"
HINT = ("the correction goes the wrong way: when the unit fails to fire, add eta times x to w "
        "and eta to b; when it fires wrongly, subtract them")


def perceptron_update(w, b, x, t, eta):
    a = b + sum(wi * xi for wi, xi in zip(w, x))
    y = 1 if a >= 0 else 0
    if y == t:
        return list(w), b
    sign = y - t
    return [wi + eta * sign * xi for wi, xi in zip(w, x)], b + eta * sign
