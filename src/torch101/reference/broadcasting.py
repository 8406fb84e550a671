"""Broadcasting: normalize the columns of a matrix with the assignment's own formula."""

from __future__ import annotations

from torch import Tensor

from torch101.reference._checks import check_tensor


def normalize_columns(x: Tensor) -> Tensor:
    """Return y[i, j] = (x[i, j] - mu_j) / sigma_j as a new tensor of x's dtype.

    sigma is the sample (unbiased, 1 / (M - 1)) standard deviation, so M >= 2. Only +, -, *,
    /, **, sqrt and sum with broadcasting. A constant column has sigma = 0 and gives NaN.
    """
    check_tensor("normalize_columns", "x", x, ndim=2, min_shape=(2, 0), dtypes="float")
    m = x.shape[0]
    centered = x - x.sum(dim=0) / m
    sigma = ((centered**2).sum(dim=0) / (m - 1)).sqrt()
    return centered / sigma
