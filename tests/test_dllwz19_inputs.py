"""The DLLWZ19 kernel functions reject bad input with one line naming it."""
import numpy as np
import pytest

from lemmas.dllwz19.kernels import conv_resnet_kernels, fc_kernels, resnet_kernels
from verify.errors import InputError

X = np.array([[1.0, 0.0], [0.6, 0.8]])


@pytest.mark.parametrize("call, needle", [
    (lambda: fc_kernels(X, "softplus", 0), "H"),
    (lambda: fc_kernels(X, "softplus", 2.5), "H"),
    (lambda: fc_kernels([[1.0, np.inf]], "softplus", 2), "X"),
    (lambda: fc_kernels([[0.0, 0.0], [1.0, 0.0]], "softplus", 2), "row 0 is zero"),
    (lambda: fc_kernels([1.0, 2.0], "softplus", 2), "X"),
    (lambda: fc_kernels(X, "gelu", 2), "activation"),
    (lambda: fc_kernels(X, "softplus", 2, variant="typo"), "variant"),
    (lambda: resnet_kernels(X, "softplus", 3, -0.5), "c_res"),
    (lambda: resnet_kernels(X, "softplus", 3, "big"), "c_res"),
    (lambda: conv_resnet_kernels(np.ones((2, 2, 4)), "softplus", 3, 0.5, q=2), "q"),
    (lambda: conv_resnet_kernels(X, "softplus", 3, 0.5), "n × d0 × p"),
])
def test_bad_input_is_one_line_naming_it(call, needle):
    with pytest.raises(InputError) as err:
        call()
    assert needle in str(err.value) and "\n" not in str(err.value)
