# ruff: noqa
# fmt: off
# mustpass: main-block
# does: a file with an `if __name__ == "__main__":` block that prints demos (never run on import); create_tensor_of_pi and multiples_of_ten are plain
# template: 2022
# expect: create_tensor_of_pi=pass
# expect: multiples_of_ten=pass
import torch


def create_tensor_of_pi(M, N):
    return torch.full((M, N), 3.14)


def multiples_of_ten(start, stop):
    assert start <= stop
    first = start if start % 10 == 0 else start + (10 - start % 10)
    return torch.arange(first, max(first, stop + 1), 10, dtype=torch.float64)


if __name__ == "__main__":
    print(create_tensor_of_pi(4, 5))
    print(multiples_of_ten(5, 25), multiples_of_ten(5, 7))
    for k in range(3):
        print("demo", k)
