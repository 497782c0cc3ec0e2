"""multi_accuracy returns the number of correct predictions instead of the fraction."""
FUNCTION = "multi_accuracy"
HINT = ("you return how many samples are right: the accuracy is that number as a fraction "
        "of all samples")


def _m_argmax(values):
    values = list(values)
    best = 0
    for i in range(1, len(values)):
        if values[i] > values[best]:
            best = i
    return best


def multi_accuracy(data, targets, f):
    correct = 0
    for x, t in zip(data, targets):
        if _m_argmax(f(x)) == _m_argmax(t):
            correct += 1
    return correct
