"""Continuous power-law fit of Clauset, Shalizi & Newman (2009), written with numpy alone.

usage: python3 csn_fit.py DATA_FILE [MIN_TAIL]

DATA_FILE holds one number per line. Only finite values > 0 are used. Every distinct value but
the largest is a candidate x_min; for each, over the tail x >= x_min (n values):

    alpha = 1 + n / sum(log(x / x_min))
    D     = max over the distinct tail values u of |(1 - (u / x_min)**(1 - alpha)) - #{x < u} / n|

(the left-limit empirical CDF of the `powerlaw` package). The smallest D wins, the smallest
x_min on a tie. Prints one line: alpha xmin D n sigma, sigma = (alpha - 1) / sqrt(n), as repr().
"""
import sys

import numpy as np


def fit(x, min_tail=2):
    x = np.asarray(x, dtype=np.float64)
    x = np.sort(x[np.isfinite(x) & (x > 0)])
    best = None
    for xmin in np.unique(x)[:-1]:
        tail = x[x >= xmin]
        n = tail.size
        if n < max(2, min_tail):
            break
        alpha = 1.0 + n / np.sum(np.log(tail / xmin))
        values, first = np.unique(tail, return_index=True)
        model = 1.0 - np.power(values / xmin, 1.0 - alpha)
        d = float(np.max(np.abs(model - first / n)))
        if best is None or d < best[2]:
            best = (float(alpha), float(xmin), d, n)
    if best is None:
        return None
    alpha, xmin, d, n = best
    return alpha, xmin, d, n, (alpha - 1.0) / np.sqrt(n)


def main():
    data = np.loadtxt(sys.argv[1], dtype=np.float64, ndmin=1)
    min_tail = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    result = fit(data, min_tail)
    if result is None:
        print("none")
    else:
        alpha, xmin, d, n, sigma = result
        print(repr(alpha), repr(xmin), repr(d), n, repr(float(sigma)))


if __name__ == "__main__":
    main()
