"""PyTorch's momentum with v <- mu v - g: the sign of the lecture's form in PyTorch's."""
import numpy as np

FUNCTION = "momentum_pytorch_step"
HINT = ("in PyTorch's form the velocity adds the gradient (v <- mu v + g) and the step "
        "subtracts it (w <- w - lr v); with v <- mu v - g the weights climb")


def momentum_pytorch_step(w, g, v, lr, mu=0.9):
    v = mu * np.asarray(v, dtype=float) - np.asarray(g, dtype=float)
    return np.asarray(w, dtype=float) - lr * v, v
