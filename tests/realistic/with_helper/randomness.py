"""My random helpers, shared by my homework files."""
import random


def uniform():
    return random.uniform(-0.5, 0.5)


def seeded_shuffle(items, seed):
    random.Random(seed).shuffle(items)
