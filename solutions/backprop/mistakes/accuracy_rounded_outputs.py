"""A sample counts as right only if every rounded output equals the one-hot target.

Agrees with argmax when exactly one output is above 1/2, as in a well-trained network;
wrong whenever none or several are.
"""
FUNCTION = "multi_accuracy"
HINT = ("you compare the rounded outputs with the one-hot target: the predicted class is "
        "the position of the largest output, whatever its size")


def multi_accuracy(data, targets, f):
    correct = 0
    for x, t in zip(data, targets):
        predicted = [float(round(o)) for o in f(x)]
        if predicted == [float(v) for v in t]:
            correct += 1
    return correct / len(data)
